// A urlencoded form body as handlers see it: web::Input::from_form, then reading
// fields back (get, all, echo) as a handler and a re-shown form do.
#include <string>

#include "fuzz_support.h"
#include "web/http.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string body(kith::fuzz::text(data, size));
  auto in = kith::web::Input::from_form(body);
  auto echo = in.echo();
  for (auto it = echo.begin(); it != echo.end(); ++it) {
    // echo holds each field, and "field__value" for each value (to re-tick checkboxes).
    std::string field = it.key();
    if (!in.has(field)) {
      bool of_a_field = false;
      for (auto at = field.find("__"); at != std::string::npos && !of_a_field; at = field.find("__", at + 1))
        of_a_field = in.has(field.substr(0, at));
      if (!of_a_field) kith::fuzz::fail("echo names a field the form does not have");
      continue;
    }
    (void)in.get(field);
    (void)in.all(field);
    (void)in.file(field);
  }
  (void)in.get("next");
  (void)in.all("");
  return 0;
}
