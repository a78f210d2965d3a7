#pragma once
// A small blocking HTTP client over libcurl for the Notify transport: one easy handle
// per thread, kept so connections to the provider are reused.
#include <string>
#include <vector>

namespace kith::messages {

struct HttpAnswer {
  long status = 0;  // 0 when no answer came (refused, timed out)
  std::string body;
  std::string error;  // libcurl's words when status is 0
};

HttpAnswer http_call(const std::string& method, const std::string& url, const std::vector<std::string>& headers,
                     const std::string& body, long timeout_seconds = 15);

// Calls curl_global_init once, before any thread uses libcurl.
void curl_init_once();

// Frees a libcurl easy handle: std::unique_ptr<CURL, CurlEasyDeleter>.
struct CurlEasyDeleter {
  void operator()(void* handle) const;
};

}  // namespace kith::messages
