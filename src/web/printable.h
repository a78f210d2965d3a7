#pragma once
// Text fit to echo back or keep from outside (an address in a problem, a cookie): valid
// UTF-8 with no control character at all, not even a tab or a line break.
#include <string_view>

namespace kith::web {

bool printable(std::string_view s);

}  // namespace kith::web
