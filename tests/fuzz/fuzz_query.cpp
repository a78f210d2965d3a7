// Query strings and form bodies as kith reads them: url_decode, and the query
// parameters a handler asks for (Request::query_param, query_list). cpp-httplib
// splits the request target; what it hands over is decoded and read here.
#include <map>
#include <string>

#include "core/text.h"
#include "fuzz_support.h"
#include "web/http.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view q = kith::fuzz::text(data, size);
  // Decoding never grows the text, and encoding then decoding gives the bytes back.
  std::string decoded = kith::url_decode(q);
  if (decoded.size() > q.size()) kith::fuzz::fail("url_decode grew the text");
  if (kith::url_decode(kith::url_encode(q)) != q) kith::fuzz::fail("url_decode(url_encode(s)) != s");
  if (kith::url_decode(kith::url_encode(decoded)) != decoded) kith::fuzz::fail("round trip of decoded text");

  kith::web::Request req;
  for (const auto& pair : kith::split(q, '&')) {
    auto eq = pair.find('=');
    req.query.emplace(kith::url_decode(pair.substr(0, eq)),
                      eq == std::string::npos ? "" : kith::url_decode(pair.substr(eq + 1)));
  }
  for (const auto& [name, value] : req.query) {
    std::string first = req.query_param(name);
    if (first.size() > value.size() && req.query.count(name) == 1) kith::fuzz::fail("query_param grew the value");
    (void)req.query_list(name);
  }
  (void)req.query_param("q");
  (void)req.query_list("category");
  return 0;
}
