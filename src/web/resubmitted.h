#pragma once
// A form that failed is shown again through its page (Server::respond), with the
// request as posted: its fields, read here, let the page re-tick the choices it makes
// itself (radios, checkboxes, selects). Empty for the API and for anything but a form.
#include "web/http.h"

namespace kith::web {

Input resubmitted(const Ctx& ctx);

}  // namespace kith::web
