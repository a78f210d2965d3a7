#include "support/images.h"

#include <jpeglib.h>
#include <png.h>

#include <cstdlib>

namespace kith::testing {

Image halves(int width, int height) {
  Image img{width, height, std::vector<unsigned char>(static_cast<std::size_t>(width) * height * 3)};
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      unsigned char* p = &img.rgb[(static_cast<std::size_t>(y) * width + x) * 3];
      p[0] = x < width / 2 ? 220 : 20;
      p[2] = x < width / 2 ? 20 : 220;
    }
  return img;
}

std::string exif(int orientation) {
  std::string d("Exif\0\0II*\0\x08\0\0\0", 14);
  auto u16 = [&](int v) { d += static_cast<char>(v & 0xFF), d += static_cast<char>(v >> 8); };
  auto u32 = [&](int v) { u16(v & 0xFFFF), u16(v >> 16); };
  u16(2);
  u16(0x0112), u16(3), u32(1), u16(orientation), u16(0);
  u16(0x8825), u16(4), u32(1), u32(38);
  u32(0);
  d += "GPSLatitude 52.5123N GPSLongitude 2.0811W";
  return d;
}

std::string write_jpeg(const Image& img, const std::string& app1, const std::string& comment) {
  jpeg_compress_struct info{};
  jpeg_error_mgr err{};
  info.err = jpeg_std_error(&err);
  jpeg_create_compress(&info);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&info, &buffer, &size);
  info.image_width = static_cast<JDIMENSION>(img.width);
  info.image_height = static_cast<JDIMENSION>(img.height);
  info.input_components = 3;
  info.in_color_space = JCS_RGB;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, 95, TRUE);
  jpeg_start_compress(&info, TRUE);
  if (!app1.empty())
    jpeg_write_marker(&info, JPEG_APP0 + 1, reinterpret_cast<const JOCTET*>(app1.data()),
                      static_cast<unsigned>(app1.size()));
  jpeg_write_marker(&info, JPEG_COM, reinterpret_cast<const JOCTET*>(comment.data()),
                    static_cast<unsigned>(comment.size()));
  while (info.next_scanline < info.image_height) {
    auto* row = const_cast<unsigned char*>(img.at(0, static_cast<int>(info.next_scanline)));
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  std::string out(reinterpret_cast<const char*>(buffer), size);
  jpeg_destroy_compress(&info);
  std::free(buffer);
  return out;
}

Image read_jpeg(const std::string& bytes) {
  jpeg_decompress_struct info{};
  jpeg_error_mgr err{};
  info.err = jpeg_std_error(&err);
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&info, TRUE);
  info.out_color_space = JCS_RGB;
  jpeg_start_decompress(&info);
  Image img{static_cast<int>(info.output_width), static_cast<int>(info.output_height), {}};
  img.rgb.resize(static_cast<std::size_t>(img.width) * img.height * 3);
  while (info.output_scanline < info.output_height) {
    unsigned char* row = &img.rgb[static_cast<std::size_t>(info.output_scanline) * img.width * 3];
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  return img;
}

std::string write_png(const Image& img) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(img.width);
  image.height = static_cast<png_uint_32>(img.height);
  image.format = PNG_FORMAT_RGB;
  png_alloc_size_t size = 0;
  png_image_write_to_memory(&image, nullptr, &size, 0, img.rgb.data(), 0, nullptr);
  std::string out(size, '\0');
  png_image_write_to_memory(&image, out.data(), &size, 0, img.rgb.data(), 0, nullptr);
  out.resize(size);
  return out;
}

}  // namespace kith::testing
