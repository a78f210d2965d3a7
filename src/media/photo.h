#pragma once
// Photos people upload (with a story, later with a project): read as JPEG or PNG,
// turned upright by their EXIF orientation, scaled down and written anew as a plain
// JPEG. Nothing of the original file survives but its pixels: no location, camera,
// date or comments. Anything else is refused with a message that says why.
#include <chrono>
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
// Decoding takes a core for up to a second, so photos take turns (DecodeTurn); one
// that cannot have a turn in time is refused as "unavailable" (503), to be sent again.
Result<Photo> reencode_photo(std::string_view bytes, const std::string& field, int max_side = 1600);

// A turn to decode a photo, held while it lasts: at most `at_once` at a time across
// the process (as many as the machine has cores), each waiting at most `wait`. Many
// photos sent together then cannot take every worker's CPU from other requests.
class DecodeTurn {
 public:
  struct Limit {
    int at_once;
    std::chrono::milliseconds wait;
  };
  static Limit limit();
  static void set_limit(Limit l);  // for tests
  DecodeTurn();                    // waits for a turn, up to the limit's wait
  ~DecodeTurn();
  DecodeTurn(const DecodeTurn&) = delete;
  DecodeTurn& operator=(const DecodeTurn&) = delete;
  explicit operator bool() const { return held_; }

 private:
  bool held_ = false;
};

// EXIF orientation (1–8) from a JPEG APP1 segment's data (starting "Exif\0\0"); 1 when
// absent or unreadable. Exposed for tests.
int exif_orientation(std::string_view app1);

}  // namespace kith::media
