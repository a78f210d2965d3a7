#include "directory/feed_url.h"

#include <arpa/inet.h>

#include <cstdint>
#include <cstring>

#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::directory {

bool is_private_address(const std::string& ip) {
  unsigned char b[16];
  if (inet_pton(AF_INET, ip.c_str(), b) == 1) {
    return b[0] == 0 || b[0] == 10 || b[0] == 127 || (b[0] == 169 && b[1] == 254) ||
           (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168) ||
           (b[0] == 100 && (b[1] & 0xC0) == 64) || b[0] >= 224;
  }
  if (inet_pton(AF_INET6, ip.c_str(), b) == 1) {
    static const unsigned char zero[16] = {};
    if (std::memcmp(b, zero, 15) == 0 && (b[15] == 0 || b[15] == 1)) return true;  // :: and ::1
    if ((b[0] & 0xFE) == 0xFC) return true;                                        // fc00::/7
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return true;                        // fe80::/10
    if (b[0] == 0xFF) return true;                                                 // multicast
    if (std::memcmp(b, zero, 12) == 0) {  // ::a.b.c.d, the old IPv4-compatible form
      char v4[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, b + 12, v4, sizeof v4);
      return is_private_address(v4);
    }
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (std::memcmp(b, mapped, 12) == 0) {  // ::ffff:a.b.c.d is the IPv4 address
      char v4[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, b + 12, v4, sizeof v4);
      return is_private_address(v4);
    }
    return false;
  }
  return false;
}

std::string normalise_host(std::string host) {
  while (!host.empty() && host.back() == '.') host.pop_back();  // "localhost." is localhost
  if (host.empty()) return host;
  // The resolver reads "127.1", "2130706433", "0x7f.1" and "0177.0.0.1" as IPv4
  // addresses (inet_aton's forms): check the address it would reach.
  bool numeric = host.find_first_not_of("0123456789abcdefx.") == std::string::npos;
  in_addr v4{};
  if (numeric && inet_aton(host.c_str(), &v4) == 1) {
    char dotted[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &v4, dotted, sizeof dotted);
    return dotted;
  }
  unsigned char v6[16];
  if (inet_pton(AF_INET6, host.c_str(), v6) == 1) {
    char shown[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, v6, shown, sizeof shown);
    return shown;
  }
  return host;
}

std::string url_host(const std::string& url) {
  const std::string scheme = "https://";
  if (to_lower(url.substr(0, scheme.size())) != scheme) return "";
  std::string rest = url.substr(scheme.size());
  std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string::npos) return "";
  if (!authority.empty() && authority[0] == '[') {
    auto close = authority.find(']');
    return close == std::string::npos ? "" : authority.substr(1, close - 1);
  }
  return to_lower(authority.substr(0, authority.find(':')));
}

std::optional<std::string> feed_url_problem(const std::string& url, bool allow_private) {
  if (url.empty()) return i18n::tr("Enter the address of the feed");
  if (url.size() > 2000) return i18n::tr("The address must be 2,000 characters or fewer");
  for (unsigned char c : url)
    if (c <= ' ' || c == 0x7F) return i18n::tr("The address must not contain spaces");
  if (to_lower(url.substr(0, 8)) != "https://")
    return i18n::tr("The address must start with https:// (Kith fetches feeds only over an encrypted connection)");
  std::string rest = url.substr(8);
  if (rest.substr(0, rest.find_first_of("/?#")).find('@') != std::string::npos)
    return i18n::tr("The address must not contain a user name or password");
  std::string host = normalise_host(url_host(url));
  if (host.empty()) return i18n::tr("The address must name a host, like https://example.org/api/services");
  if (allow_private) return std::nullopt;
  auto ends_with = [&](const std::string& suffix) {
    return host.size() >= suffix.size() && host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (host == "localhost" || ends_with(".localhost") || ends_with(".local") || ends_with(".internal") ||
      is_private_address(host))
    return i18n::tr("The address must be on the public internet, not {host} (a private or loopback address)",
                    {{"host", host}});
  return std::nullopt;
}

}  // namespace kith::directory
