#pragma once
// Checks on an Open Referral UK feed address saved for regular refresh. Pure: the
// refresh itself (kith import directory --saved-feeds) resolves the host again and
// refuses it if it has come to name a private address.
#include <optional>
#include <string>

namespace kith::directory {

// Whether `ip` (an IPv4 or IPv6 literal) is loopback, private, link-local, carrier-grade
// NAT, unique-local or unspecified: somewhere a server should not be sent by a form.
bool is_private_address(const std::string& ip);

// What is wrong with `url` as a feed to save, or nullopt: it must be https with a host,
// no user name or password, no spaces; "localhost", *.local, *.internal and private or
// loopback addresses are refused unless `allow_private`. Said in the language this
// thread speaks.
std::optional<std::string> feed_url_problem(const std::string& url, bool allow_private);

// A host as the resolver reads it: without trailing dots, an IPv4 address in any
// inet_aton form ("127.1", "2130706433", "0x7f.1", "0177.0.0.1") as a.b.c.d, an IPv6
// address in its shortest form; a name unchanged.
std::string normalise_host(std::string host);

// The host of an https URL, without brackets or port ("" when there is none).
std::string url_host(const std::string& url);

}  // namespace kith::directory
