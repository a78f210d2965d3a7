// Photos: real JPEGs and PNGs made with libjpeg and libpng, carrying EXIF (with a
// location) and a comment; the re-encoded file must keep the pixels, turned upright,
// and nothing else.
#include <gtest/gtest.h>
#include <string>

#include "media/photo.h"
#include "support/images.h"

namespace kith::media {
namespace {

using testing::exif;
using testing::halves;
using testing::Image;
using testing::read_jpeg;
using testing::write_jpeg;
using testing::write_png;

bool red(const unsigned char* p) { return p[0] > 150 && p[2] < 90; }
bool blue(const unsigned char* p) { return p[2] > 150 && p[0] < 90; }

TEST(Photo, ReadsTheOrientationFromExif) {
  EXPECT_EQ(exif_orientation(exif(6)), 6);
  EXPECT_EQ(exif_orientation(exif(3)), 3);
  EXPECT_EQ(exif_orientation(std::string_view("Exif\0\0MM", 8)), 1);  // too short: upright
  EXPECT_EQ(exif_orientation("not exif at all"), 1);
}

// Found by tests/fuzz/fuzz_photo: an IFD offset near 4 GiB wrapped round in 32-bit
// arithmetic, passed the bounds check and was read far outside the file.
TEST(Photo, AnExifOffsetPastTheEndIsUprightNotARead) {
  using namespace std::string_view_literals;
  EXPECT_EQ(exif_orientation("Exif\0\0II*\0\xFE\xFF\xFF\xFF\0\0\0\0\0\0\0\0"sv), 1);
  EXPECT_EQ(exif_orientation("Exif\0\0MM\0*\xFF\xFF\xFF\xFF\0\0\0\0\0\0\0\0"sv), 1);
  EXPECT_EQ(exif_orientation("Exif\0\0II*\0\x08\0\0\0\x01\0"sv), 1);  // one entry, cut short
}

TEST(Photo, KeepsThePixelsTurnedUprightAndDropsEveryMetadata) {
  std::string original = write_jpeg(halves(64, 32), exif(6), "taken at 14 Tipton Road by Canon EOS");
  ASSERT_NE(original.find("GPSLatitude"), std::string::npos);
  auto photo = reencode_photo(original, "photo");
  ASSERT_TRUE(photo) << photo.error().fields[0].message;
  // Orientation 6: the camera was turned; the left half (red) is the top once upright.
  EXPECT_EQ(photo->width, 32);
  EXPECT_EQ(photo->height, 64);
  for (const char* gone : {"Exif", "GPS", "Tipton", "Canon"})
    EXPECT_EQ(photo->jpeg.find(gone), std::string::npos) << gone;
  Image back = read_jpeg(photo->jpeg);
  ASSERT_EQ(back.width, 32);
  EXPECT_TRUE(red(back.at(16, 8)));
  EXPECT_TRUE(blue(back.at(16, 56)));
}

TEST(Photo, ScalesLargePhotosDownAndReadsPng) {
  auto photo = reencode_photo(write_png(halves(3000, 1000)), "photo");
  ASSERT_TRUE(photo);
  EXPECT_EQ(photo->width, 1600);
  EXPECT_EQ(photo->height, 533);
  Image back = read_jpeg(photo->jpeg);
  EXPECT_TRUE(red(back.at(200, 266)));
  EXPECT_TRUE(blue(back.at(1400, 266)));
  auto big_jpeg = reencode_photo(write_jpeg(halves(4000, 3000), "", "x"), "photo");
  ASSERT_TRUE(big_jpeg);
  EXPECT_EQ(big_jpeg->width, 1600);
  EXPECT_EQ(big_jpeg->height, 1200);
}

// Photos take turns: while every turn is held, another waits its time and is refused
// as unavailable; once a turn is free, it is decoded.
TEST(Photo, PhotosTakeTurnsAndOneThatCannotIsAskedForAgain) {
  const DecodeTurn::Limit was = DecodeTurn::limit();
  DecodeTurn::set_limit({1, std::chrono::milliseconds(50)});
  std::string png = write_png(halves(64, 64));
  {
    DecodeTurn held;
    ASSERT_TRUE(held);
    auto refused = reencode_photo(png, "photo");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "unavailable");
    EXPECT_NE(refused.error().message.find("busy with other photos"), std::string::npos);
  }
  EXPECT_TRUE(reencode_photo(png, "photo"));
  DecodeTurn::set_limit(was);
}

TEST(Photo, RefusesWhatIsNotAPhotoWithAClearMessage) {
  auto message = [](const std::string& bytes) {
    auto r = reencode_photo(bytes, "photo");
    EXPECT_FALSE(r);
    if (r) return std::string();
    EXPECT_EQ(r.error().fields[0].field, "photo");
    return r.error().fields[0].message;
  };
  EXPECT_NE(message("GIF89a...........").find("JPEG or PNG"), std::string::npos);
  EXPECT_NE(message("").find("empty"), std::string::npos);
  EXPECT_NE(message(std::string(6 * 1024 * 1024, '\xFF')).find("5 MB"), std::string::npos);
  Image busy = halves(256, 256);
  for (std::size_t i = 0; i < busy.rgb.size(); i += 3) busy.rgb[i + 1] = static_cast<unsigned char>((i * 7919) % 251);
  std::string jpeg = write_jpeg(busy, "", "x");
  EXPECT_NE(message(jpeg.substr(0, jpeg.size() / 2)).find("ends early"), std::string::npos);
  EXPECT_NE(message(jpeg.substr(0, 40)).find("could not be read"), std::string::npos);
  std::string png = write_png(halves(64, 64));
  EXPECT_NE(message(png.substr(0, png.size() / 2)).find("could not be read"), std::string::npos);
}

}  // namespace
}  // namespace kith::media
