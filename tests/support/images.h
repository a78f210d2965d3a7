#pragma once
// Test support: real JPEG and PNG files made with libjpeg and libpng, and EXIF with
// a location in it, for the photo tests.
#include <string>
#include <vector>

namespace kith::testing {

struct Image {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> rgb;
  const unsigned char* at(int x, int y) const { return &rgb[(static_cast<std::size_t>(y) * width + x) * 3]; }
};

// Left half red, right half blue.
Image halves(int width, int height);
// An EXIF segment with an orientation, a GPS pointer and a location in words.
std::string exif(int orientation);
std::string write_jpeg(const Image& img, const std::string& app1, const std::string& comment);
Image read_jpeg(const std::string& bytes);
std::string write_png(const Image& img);

}  // namespace kith::testing
