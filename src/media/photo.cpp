#include "media/photo.h"

#include <jerror.h>
#include <jpeglib.h>
#include <png.h>

#include <algorithm>
#include <condition_variable>
#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "i18n/speaking.h"

namespace kith::media {

namespace {

constexpr std::uint64_t kMaxPixels = 60'000'000;  // a 60-megapixel phone photo reads; bombs do not
constexpr int kQuality = 82;

struct Pixels {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> rgb;  // width * height * 3
};

Error refused(const std::string& field, const std::string& message) { return Error::validation({{field, message}}); }

// libjpeg reports errors by calling error_exit, which must not return: jump back.
struct JpegError {
  jpeg_error_mgr mgr{};
  std::jmp_buf jump{};
  bool truncated = false;
};

void on_jpeg_error(j_common_ptr info) {
  auto* err = reinterpret_cast<JpegError*>(info->err);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
  std::longjmp(err->jump, 1);                           // NOLINT(cert-err52-cpp): libjpeg's documented way out
}

// Warnings are not for the log, but a file that ends early is damaged: libjpeg would
// fill the rest with grey.
void on_jpeg_emit(j_common_ptr info, int level) {
  if (level >= 0) return;
  auto* err = reinterpret_cast<JpegError*>(info->err);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
  if (info->err->msg_code == JWRN_JPEG_EOF) err->truncated = true;
  ++info->err->num_warnings;
}

std::uint32_t read_u(const unsigned char* p, int n, bool little) {
  std::uint32_t v = 0;
  for (int i = 0; i < n; ++i) v |= static_cast<std::uint32_t>(p[little ? i : n - 1 - i]) << (8 * i);
  return v;
}

// Reads into the caller's `out` and `orientation`: after the long jump back, only
// what lives outside this frame may be trusted.
Status read_jpeg(std::string_view bytes, const std::string& field, int max_side, Pixels& out, int& orientation) {
  jpeg_decompress_struct info{};
  JpegError err;
  info.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = on_jpeg_error;
  err.mgr.emit_message = on_jpeg_emit;
  if (setjmp(err.jump)) {  // NOLINT(cert-err52-cpp)
    jpeg_destroy_decompress(&info);
    return refused(field, i18n::msg("The photo could not be read: the file may be damaged. Try another photo"));
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()),  // NOLINT
               static_cast<unsigned long>(bytes.size()));
  jpeg_save_markers(&info, JPEG_APP0 + 1, 0xFFFF);
  jpeg_read_header(&info, TRUE);
  for (auto* m = info.marker_list; m; m = m->next)
    if (m->marker == JPEG_APP0 + 1)
      orientation =
          exif_orientation(std::string_view(reinterpret_cast<const char*>(m->data), m->data_length));  // NOLINT
  if (static_cast<std::uint64_t>(info.image_width) * info.image_height > kMaxPixels) {
    jpeg_destroy_decompress(&info);
    return refused(field, i18n::msg("The photo has too many pixels to read: send one of 60 megapixels or fewer"));
  }
  if (info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK) {
    jpeg_destroy_decompress(&info);
    return refused(field, i18n::msg("The photo is a CMYK (print) JPEG: save it as an ordinary photo and try again"));
  }
  info.out_color_space = JCS_RGB;
  // Scale down while decoding where the result stays at least max_side.
  unsigned longer = std::max(info.image_width, info.image_height);
  info.scale_num = 1;
  info.scale_denom = 1;
  while (info.scale_denom < 8 && longer / (info.scale_denom * 2) >= static_cast<unsigned>(max_side))
    info.scale_denom *= 2;
  jpeg_start_decompress(&info);
  out.width = static_cast<int>(info.output_width);
  out.height = static_cast<int>(info.output_height);
  out.rgb.resize(static_cast<std::size_t>(out.width) * out.height * 3);
  while (info.output_scanline < info.output_height) {
    unsigned char* row = out.rgb.data() + static_cast<std::size_t>(info.output_scanline) * out.width * 3;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  if (err.truncated)
    return refused(field, i18n::msg("The photo could not be read: the file ends early. Try another photo"));
  return Ok{};
}

Status read_png(std::string_view bytes, const std::string& field, Pixels& out) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()))
    return refused(field, i18n::msg("The photo could not be read: the file may be damaged. Try another photo"));
  if (static_cast<std::uint64_t>(image.width) * image.height > kMaxPixels) {
    png_image_free(&image);
    return refused(field, i18n::msg("The photo has too many pixels to read: send one of 60 megapixels or fewer"));
  }
  image.format = PNG_FORMAT_RGB;
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  out.rgb.resize(PNG_IMAGE_SIZE(image));
  png_color white{255, 255, 255};  // transparent parts on white
  if (!png_image_finish_read(&image, &white, out.rgb.data(), 0, nullptr)) {
    png_image_free(&image);
    return refused(field, i18n::msg("The photo could not be read: the file may be damaged. Try another photo"));
  }
  return Ok{};
}

// Turns the pixels as EXIF orientation 1–8 says the camera held them.
Pixels upright(const Pixels& in, int orientation) {
  if (orientation < 2 || orientation > 8) return in;
  int w = in.width;
  int h = in.height;
  bool swap = orientation >= 5;
  Pixels out;
  out.width = swap ? h : w;
  out.height = swap ? w : h;
  out.rgb.resize(in.rgb.size());
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) {
      int sx = x;
      int sy = y;
      switch (orientation) {
        case 2:
          sx = w - 1 - x;
          break;
        case 3:
          sx = w - 1 - x, sy = h - 1 - y;
          break;
        case 4:
          sy = h - 1 - y;
          break;
        case 5:
          sx = y, sy = x;
          break;
        case 6:
          sx = y, sy = h - 1 - x;
          break;
        case 7:
          sx = w - 1 - y, sy = h - 1 - x;
          break;
        default:
          sx = w - 1 - y, sy = x;
          break;  // 8
      }
      const unsigned char* s = &in.rgb[(static_cast<std::size_t>(sy) * w + sx) * 3];
      unsigned char* d = &out.rgb[(static_cast<std::size_t>(y) * out.width + x) * 3];
      d[0] = s[0], d[1] = s[1], d[2] = s[2];
    }
  return out;
}

// Scales down by averaging each output pixel's box of input pixels.
Pixels fit(const Pixels& in, int max_side) {
  int longer = std::max(in.width, in.height);
  if (longer <= max_side) return in;
  double f = static_cast<double>(longer) / max_side;
  Pixels out;
  out.width = std::max(1, static_cast<int>(in.width / f));
  out.height = std::max(1, static_cast<int>(in.height / f));
  out.rgb.resize(static_cast<std::size_t>(out.width) * out.height * 3);
  for (int y = 0; y < out.height; ++y) {
    int y0 = static_cast<int>(y * f);
    int y1 = std::min(in.height, std::max(y0 + 1, static_cast<int>((y + 1) * f)));
    for (int x = 0; x < out.width; ++x) {
      int x0 = static_cast<int>(x * f);
      int x1 = std::min(in.width, std::max(x0 + 1, static_cast<int>((x + 1) * f)));
      unsigned sum[3] = {0, 0, 0};
      for (int sy = y0; sy < y1; ++sy)
        for (int sx = x0; sx < x1; ++sx)
          for (int c = 0; c < 3; ++c) sum[c] += in.rgb[(static_cast<std::size_t>(sy) * in.width + sx) * 3 + c];
      unsigned n = static_cast<unsigned>((y1 - y0) * (x1 - x0));
      for (int c = 0; c < 3; ++c)
        out.rgb[(static_cast<std::size_t>(y) * out.width + x) * 3 + c] = static_cast<unsigned char>(sum[c] / n);
    }
  }
  return out;
}

std::string write_jpeg(const Pixels& p) {
  jpeg_compress_struct info{};
  jpeg_error_mgr mgr{};
  info.err = jpeg_std_error(&mgr);  // our own pixels in memory: errors here are bugs, and abort
  jpeg_create_compress(&info);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&info, &buffer, &size);
  info.image_width = static_cast<JDIMENSION>(p.width);
  info.image_height = static_cast<JDIMENSION>(p.height);
  info.input_components = 3;
  info.in_color_space = JCS_RGB;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, kQuality, TRUE);
  info.optimize_coding = TRUE;
  jpeg_start_compress(&info, TRUE);
  while (info.next_scanline < info.image_height) {
    auto* row = const_cast<unsigned char*>(  // NOLINT(cppcoreguidelines-pro-type-const-cast): libjpeg's API
        p.rgb.data() + static_cast<std::size_t>(info.next_scanline) * p.width * 3);
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  std::string out(reinterpret_cast<const char*>(buffer), size);  // NOLINT
  jpeg_destroy_compress(&info);
  std::free(buffer);  // NOLINT(cppcoreguidelines-no-malloc): allocated by jpeg_mem_dest
  return out;
}

}  // namespace

int exif_orientation(std::string_view app1) {
  const auto* p = reinterpret_cast<const unsigned char*>(app1.data());  // NOLINT
  std::size_t n = app1.size();
  if (n < 14 || app1.substr(0, 6) != std::string_view("Exif\0\0", 6)) return 1;
  const unsigned char* tiff = p + 6;
  std::size_t size = n - 6;
  bool little = tiff[0] == 'I' && tiff[1] == 'I';
  if (!little && !(tiff[0] == 'M' && tiff[1] == 'M')) return 1;
  // The offset is the file's to choose: added in 64 bits, so 0xFFFFFFFE + 2 cannot
  // wrap round to 0 and pass.
  std::size_t ifd = read_u(tiff + 4, 4, little);
  if (ifd + 2 > size) return 1;
  std::uint32_t entries = read_u(tiff + ifd, 2, little);
  for (std::uint32_t i = 0; i < entries; ++i) {
    std::size_t at = ifd + 2 + static_cast<std::size_t>(i) * 12;
    if (at + 12 > size) return 1;
    if (read_u(tiff + at, 2, little) == 0x0112) {
      auto v = static_cast<int>(read_u(tiff + at + 8, 2, little));
      return v >= 1 && v <= 8 ? v : 1;
    }
  }
  return 1;
}

namespace {

struct Turns {
  std::mutex mutex;
  std::condition_variable freed;
  DecodeTurn::Limit limit{static_cast<int>(std::max(1u, std::thread::hardware_concurrency())),
                          std::chrono::seconds(10)};
  int taken = 0;
};
Turns& turns() {
  static Turns t;
  return t;
}

}  // namespace

DecodeTurn::Limit DecodeTurn::limit() {
  std::lock_guard<std::mutex> lock(turns().mutex);
  return turns().limit;
}

void DecodeTurn::set_limit(Limit l) {
  std::lock_guard<std::mutex> lock(turns().mutex);
  turns().limit = l;
  turns().freed.notify_all();
}

DecodeTurn::DecodeTurn() {
  Turns& t = turns();
  std::unique_lock<std::mutex> lock(t.mutex);
  held_ = t.freed.wait_for(lock, t.limit.wait, [&] { return t.taken < t.limit.at_once; });
  if (held_) ++t.taken;
}

DecodeTurn::~DecodeTurn() {
  if (!held_) return;
  Turns& t = turns();
  std::lock_guard<std::mutex> lock(t.mutex);
  --t.taken;
  t.freed.notify_one();
}

Result<Photo> reencode_photo(std::string_view bytes, const std::string& field, int max_side) {
  if (bytes.empty()) return refused(field, i18n::msg("The photo file is empty"));
  if (bytes.size() > kMaxPhotoBytes) return refused(field, i18n::msg("The photo must be smaller than 5 MB"));
  bool jpeg = bytes.size() > 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
              static_cast<unsigned char>(bytes[1]) == 0xD8 && static_cast<unsigned char>(bytes[2]) == 0xFF;
  bool png = bytes.size() > 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8);
  if (!jpeg && !png) return refused(field, i18n::msg("The photo must be a JPEG or PNG file"));
  DecodeTurn turn;
  if (!turn)
    return Error{"unavailable", i18n::tr("Kith is busy with other photos just now. Send it again in a minute."), {}};
  int orientation = 1;
  Pixels pixels;
  auto read = jpeg ? read_jpeg(bytes, field, max_side, pixels, orientation) : read_png(bytes, field, pixels);
  if (!read) return read.error();
  Pixels done = fit(upright(pixels, orientation), max_side);
  return Photo{write_jpeg(done), done.width, done.height};
}

}  // namespace kith::media
