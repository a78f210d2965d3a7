#pragma once
// A form that failed is shown again through its page (Server::respond), with the
// request as posted: its fields, read here, let the page re-tick the choices it makes
// itself (radios, checkboxes, selects). Empty for the API and for anything but a form
// (urlencoded or multipart: a multipart form's files are there too, for a page to
// say one must be chosen again).
#include "web/http.h"

namespace kith::web {

Input resubmitted(const Ctx& ctx);

}  // namespace kith::web
