// A JSON body as API handlers see it today: web::Input::from_json (a JSON object's
// members as fields), then reading fields back. Nesting is not limited here: this is
// the parser the issue found crashing (web::parse_json in boundary.h replaces it).
#include <string>

#include "fuzz_support.h"
#include "web/http.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string body(kith::fuzz::text(data, size));
  auto in = kith::web::Input::from_json(body);
  if (!in) return 0;
  auto echo = in->echo();
  for (auto it = echo.begin(); it != echo.end(); ++it) {
    (void)in->get(it.key());
    (void)in->all(it.key());
  }
  (void)in->get("email");
  return 0;
}
