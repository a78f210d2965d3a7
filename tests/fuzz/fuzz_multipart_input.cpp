// A multipart form's parts as handlers see them: web::Input::from_parts (fields as
// values, files kept apart). The parts are made from the input: a name, a filename,
// a content type and the content, each of any bytes.
#include <fuzzer/FuzzedDataProvider.h>

#include <string>
#include <vector>

#include "fuzz_support.h"
#include "web/http.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  std::vector<kith::web::Part> parts;
  while (in.remaining_bytes() > 0 && parts.size() < 64) {
    kith::web::Part p;
    p.name = in.ConsumeRandomLengthString(64);
    p.filename = in.ConsumeBool() ? in.ConsumeRandomLengthString(64) : "";
    p.content_type = in.ConsumeRandomLengthString(64);
    p.content = in.ConsumeRandomLengthString();
    parts.push_back(std::move(p));
  }
  auto form = kith::web::Input::from_parts(parts);
  for (const auto& p : parts) {
    // A part with a filename is a file (when it has bytes), never a field's value.
    if (!p.filename.empty() && !p.content.empty() && form.file(p.name).empty())
      kith::fuzz::fail("a file part was lost");
    (void)form.get(p.name);
    (void)form.all(p.name);
  }
  (void)form.echo();
  return 0;
}
