// Photos people upload (media::reencode_photo): any bytes as a JPEG or PNG, and the
// EXIF reader on its own. A small longest side keeps each run quick; the decoders
// do the same work whatever size the result is scaled to.
#include <string>

#include "fuzz_support.h"
#include "media/photo.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes = kith::fuzz::text(data, size);
  int orientation = kith::media::exif_orientation(bytes);
  if (orientation < 1 || orientation > 8) kith::fuzz::fail("EXIF orientation outside 1-8");
  auto photo = kith::media::reencode_photo(bytes, "photo", 64);
  if (photo) {
    if (photo->width < 1 || photo->height < 1 || photo->width > 64 || photo->height > 64)
      kith::fuzz::fail("a photo scaled outside 1-64 pixels");
    if (photo->jpeg.size() < 4 || static_cast<unsigned char>(photo->jpeg[0]) != 0xFF ||
        static_cast<unsigned char>(photo->jpeg[1]) != 0xD8)
      kith::fuzz::fail("the re-encoded photo is not a JPEG");
  } else if (photo.error().fields.empty() || photo.error().fields.front().field != "photo") {
    kith::fuzz::fail("a refused photo must name the field");
  }
  return 0;
}
