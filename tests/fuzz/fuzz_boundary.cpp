// The one boundary for untrusted input (web/boundary.h): the JSON parser with its
// depth limit, UTF-8, where to go next, the API's media type, the client's address
// behind a proxy, the whole-request check, the request target and multipart bodies.
// The first byte chooses the function; each is checked against a property it
// promises, not only for crashes. Written against boundary.h as the lead has it in
// /work/main now (check_request returning Status; parse_target, parse_multipart).
#include <fuzzer/FuzzedDataProvider.h>

#include <map>
#include <string>
#include <vector>

#include "core/text.h"
#include "fuzz_support.h"
#include "web/boundary.h"

namespace {

using kith::fuzz::fail;

// Well-formed UTF-8 by the letter of RFC 3629, one byte at a time: the reference
// valid_utf8 must agree with.
bool reference_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (b < 0x80) {
      ++i;
      continue;
    } else if (b >= 0xC2 && b <= 0xDF) {
      n = 1, cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
      n = 2, cp = b & 0x0F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      n = 3, cp = b & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

void check_next(std::string_view next) {
  auto safe = kith::web::safe_next(next);
  if (!safe) {
    if (kith::web::safe_next_or(next, "/") != "/") fail("safe_next_or did not fall back");
    return;
  }
  const std::string& s = *safe;
  std::string decoded = kith::url_decode(s);
  if (s.empty() || s[0] != '/') fail("safe_next gave a path not starting with /");
  for (const std::string& form : {s, decoded}) {
    for (char c : form)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == '\\')
        fail("safe_next let through a control character or backslash");
    if (form.rfind("//", 0) == 0) fail("safe_next let through a path starting //");
  }
  if (decoded.find("//") != std::string::npos) fail("safe_next let through // once decoded");
  if (s.find("\r") != std::string::npos || s.find("\n") != std::string::npos) fail("CR or LF in a next path");
}

kith::web::Request make_request(FuzzedDataProvider& in) {
  kith::web::Request req;
  req.method = in.PickValueInArray({"GET", "POST", "PUT", "DELETE"});
  req.path = in.ConsumeRandomLengthString(256);
  req.ip = "203.0.113.9";
  for (int i = in.ConsumeIntegralInRange(0, 8); i > 0; --i)
    req.query.emplace(in.ConsumeRandomLengthString(32), in.ConsumeRandomLengthString(128));
  for (int i = in.ConsumeIntegralInRange(0, 6); i > 0; --i)
    req.headers[kith::to_lower(in.ConsumeRandomLengthString(32))] = in.ConsumeRandomLengthString(128);
  for (int i = in.ConsumeIntegralInRange(0, 4); i > 0; --i)
    req.cookies[in.ConsumeRandomLengthString(32)] = in.ConsumeRandomLengthString(64);
  req.multipart = in.ConsumeBool();
  if (req.multipart) {
    for (int i = in.ConsumeIntegralInRange(0, 6); i > 0; --i) {
      kith::web::Part p;
      p.name = in.ConsumeRandomLengthString(32);
      p.filename = in.ConsumeBool() ? in.ConsumeRandomLengthString(32) : "";
      p.content_type = in.ConsumeRandomLengthString(32);
      p.content = in.ConsumeRandomLengthString(256);
      req.parts.push_back(std::move(p));
    }
  }
  req.body = in.ConsumeRemainingBytesAsString();
  return req;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  std::string_view rest = kith::fuzz::text(data + 1, size - 1);
  kith::web::Limits limits;
  limits.json_depth = 16;  // small, so the fuzzer reaches it often
  limits.fields = 64;
  limits.field_bytes = 1024;
  switch (data[0] % 11) {
    case 0: {
      auto json = kith::web::parse_json(rest, limits);
      // A zero byte is refused outright (nlohmann's parser would stop at it).
      if (json && rest.find('\0') != std::string_view::npos) fail("parse_json took a body with a zero byte");
      if (json && kith::fuzz::nests_deeper_than(rest, limits.json_depth)) fail("parse_json took JSON nested too deep");
      if (json) (void)json->dump();
      break;
    }
    case 1:
      if (kith::web::valid_utf8(rest) != reference_utf8(rest)) fail("valid_utf8 disagrees with RFC 3629");
      break;
    case 2:
      check_next(rest);
      break;
    case 3: {
      bool json = kith::web::is_json_media_type(rest);
      std::string type = kith::to_lower(kith::trim(rest.substr(0, rest.find(';'))));
      if (json && type != "application/json") fail("is_json_media_type took another type");
      break;
    }
    case 4: {
      FuzzedDataProvider in(data + 1, size - 1);
      std::string peer = in.ConsumeRandomLengthString(64);
      std::vector<std::string> proxies;
      for (int i = in.ConsumeIntegralInRange(0, 3); i > 0; --i) proxies.push_back(in.ConsumeRandomLengthString(40));
      std::string forwarded = in.ConsumeRemainingBytesAsString();
      std::string client = kith::web::client_address(peer, forwarded, proxies);
      // With no proxy trusted, or nothing forwarded, the client is the peer (tidied).
      if ((proxies.empty() || forwarded.empty()) && peer.find(client) == std::string::npos)
        fail("X-Forwarded-For was believed with no trusted proxy");
      if (peer.find(client) == std::string::npos && client.find_first_of(",\r\n ") != std::string::npos)
        fail("client_address gave a list, a space or a line break from X-Forwarded-For");
      break;
    }
    case 5: {
      FuzzedDataProvider in(data + 1, size - 1);
      auto req = make_request(in);
      auto checked = kith::web::check_request(req, limits);  // a Status
      if (checked) {
        if (!kith::web::valid_utf8(req.path)) fail("check_request passed a path that is not UTF-8");
        for (const auto& [k, v] : req.query)
          if (!kith::web::valid_utf8(k) || !kith::web::valid_utf8(v))
            fail("check_request passed a query that is not UTF-8");
      } else if (checked.error().code.empty()) {
        fail("a refused request must say why");
      }
      break;
    }
    case 6: {
      FuzzedDataProvider in(data + 1, size - 1);
      bool json = in.ConsumeBool();
      auto req = make_request(in);
      if (json) req.multipart = false, req.parts.clear();
      auto input = kith::web::parse_input(req, json, limits);
      if (input) (void)input->echo();
      break;
    }
    case 7: {
      std::string path;
      std::multimap<std::string, std::string> query;
      kith::web::parse_target(rest, path, query);
      if (path.size() > rest.size()) fail("parse_target made the path longer than the target");
      break;
    }
    case 8: {
      // A target built from a path and one parameter reads back as them.
      FuzzedDataProvider in(data + 1, size - 1);
      std::string key = in.ConsumeRandomLengthString(32);
      std::string value = in.ConsumeRandomLengthString(64);
      std::string target = "/p/" + kith::url_encode(in.ConsumeRandomLengthString(32));
      std::string path;
      std::multimap<std::string, std::string> query;
      kith::web::parse_target(target + "?" + kith::url_encode(key) + "=" + kith::url_encode(value), path, query);
      if (query.size() != 1 || query.begin()->first != key || query.begin()->second != value)
        fail("a query parameter did not read back as written");
      break;
    }
    case 9: {
      FuzzedDataProvider in(data + 1, size - 1);
      std::string type = in.ConsumeRandomLengthString(128);
      auto parts = kith::web::parse_multipart(in.ConsumeRemainingBytesAsString(), type);
      if (parts && parts->size() > size) fail("more parts than bytes");
      break;
    }
    case 10: {
      // A multipart body written as a browser writes it reads back as its parts.
      FuzzedDataProvider in(data + 1, size - 1);
      const std::string boundary = "----kithfuzz" + std::to_string(in.ConsumeIntegral<std::uint32_t>());
      auto plain = [](const std::string& t) { return t.find_first_of("\"\\\r\n") == std::string::npos; };
      std::vector<kith::web::Part> written;
      std::string body;
      while (in.remaining_bytes() > 0 && written.size() < 8) {
        kith::web::Part p;
        p.name = in.ConsumeRandomLengthString(16);
        p.filename = in.ConsumeBool() ? in.ConsumeRandomLengthString(16) : "";
        p.content = in.ConsumeRandomLengthString(128);
        // What a browser does not send: quotes, backslashes or line breaks in a name,
        // or content holding the delimiter.
        if (p.name.empty() || !plain(p.name) || !plain(p.filename) ||
            p.content.find("--" + boundary) != std::string::npos)
          continue;
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
        if (!p.filename.empty()) body += "; filename=\"" + p.filename + "\"\r\nContent-Type: image/jpeg";
        p.content_type = p.filename.empty() ? "" : "image/jpeg";
        body += "\r\n\r\n" + p.content + "\r\n";
        written.push_back(std::move(p));
      }
      body += "--" + boundary + "--\r\n";
      auto parts = kith::web::parse_multipart(body, "multipart/form-data; boundary=" + boundary);
      if (!parts) fail("a well-formed multipart body was refused");
      if (parts->size() != written.size()) fail("a multipart body read back with a different number of parts");
      for (std::size_t i = 0; i < written.size(); ++i) {
        const auto& a = written[i];
        const auto& b = (*parts)[i];
        if (a.name != b.name || a.filename != b.filename || a.content != b.content || a.content_type != b.content_type)
          fail("a multipart part read back differently");
      }
      break;
    }
  }
  return 0;
}
