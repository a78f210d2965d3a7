#pragma once
// Photos people upload (with a story, later with a project): read as JPEG or PNG,
// turned upright by their EXIF orientation, scaled down and written anew as a plain
// JPEG. Nothing of the original file survives but its pixels: no location, camera,
// date or comments. Anything else is refused with a message that says why.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kith::media {

constexpr std::size_t kMaxPhotoBytes = 5 * 1024 * 1024;

struct Photo {
  std::string jpeg;  // the re-encoded file
  int width = 0;
  int height = 0;
};

// `field` names the form field in any error. `max_side` bounds the longer side.
Result<Photo> reencode_photo(std::string_view bytes, const std::string& field, int max_side = 1600);

// EXIF orientation (1–8) from a JPEG APP1 segment's data (starting "Exif\0\0"); 1 when
// absent or unreadable. Exposed for tests.
int exif_orientation(std::string_view app1);

}  // namespace kith::media
