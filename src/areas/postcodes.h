#pragma once
// Postcodes as the public files give them, and placing each in its 2021 LSOA.
// Pure logic: British National Grid to WGS84, telling the three file formats
// apart, reading one line, and the Placer (point in boundary where a boundary is
// loaded, else the LSOA with the nearest centre, found through a grid).
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/geo.h"
#include "core/result.h"

namespace kith::areas {

// Where a postcode's LSOA came from.
enum class Placement : std::uint8_t {
  kBoundary,  // its point lies inside the LSOA's boundary
  kGiven,     // the file named the LSOA (the ONS Postcode Directory, or an lsoa21cd column)
  kNearest,   // no boundary holds it: the LSOA with the nearest centre, so only probably right
};
inline bool uncertain(Placement p) { return p == Placement::kNearest; }

// WGS84 latitude and longitude of a British National Grid (OSGB36) easting and
// northing: the Ordnance Survey's transverse Mercator inverse on the Airy 1830
// ellipsoid, then the OSGB36 to WGS84 Helmert transformation (good to about 5 m).
struct LatLon {
  double lat = 0;
  double lon = 0;
};
LatLon bng_to_wgs84(double easting, double northing);

// The kinds of postcode file `kith import postcodes` reads.
enum class PostcodeFormat {
  kCodePointCsv,   // a header with postcode, lat and lon (latitude, longitude); lsoa21cd optional
  kOnspd,          // the ONS Postcode Directory: pcds or pcd, lat, long, lsoa21cd or lsoa21, doterm
  kCodePointOpen,  // OS Code-Point Open as published: no header; postcode, quality, eastings, northings, ...
};
std::string format_name(PostcodeFormat f);

// Which column holds what (-1: none).
struct PostcodeLayout {
  PostcodeFormat format = PostcodeFormat::kCodePointCsv;
  bool header = true;
  int postcode = -1, lat = -1, lon = -1, easting = -1, northing = -1, quality = -1, lsoa = -1, terminated = -1,
      country = -1;
  std::size_t columns = 0;  // the fewest fields a row must have
};

// Splits one CSV line into fields, without their quotes. The views point into
// `line` (a doubled quote inside a quoted field stays doubled: postcode files have none).
void split_csv_line(std::string_view line, std::vector<std::string_view>& fields);

// Tells the format from a file's first line; an error names the column that is
// missing or says what was expected.
Result<PostcodeLayout> detect_postcode_format(std::string_view first_line);

// One postcode from one row: normalised, with its point, and the LSOA code the row
// names, if any. `skip` says why a row cannot be used ("" if it can).
struct PostcodeRow {
  std::string postcode;  // normalised
  double lat = 0;
  double lon = 0;
  std::string_view lsoa;  // as the file gives it; may be empty
};
std::optional<PostcodeRow> parse_postcode_row(const PostcodeLayout& layout, const std::vector<std::string_view>& fields,
                                              std::string& skip);

// An LSOA the Placer can put postcodes in.
struct LsoaCentre {
  std::string code;
  std::string authority_code;
  double lat = 0;
  double lon = 0;
};
struct LsoaShape {
  std::string code;
  geo::MultiPolygon shape;
};

// Places points in LSOAs. Built once (a grid of the LSOA centres, and a grid of the
// loaded LSOA boundaries); then `place` is a few cell lookups per point.
class Placer {
 public:
  // A point further than this from every LSOA centre is not placed (it is not in England).
  static constexpr double kMaxNearestM = 20000;

  Placer(std::vector<LsoaCentre> lsoas, std::vector<LsoaShape> shapes);
  Placer(Placer&&) = default;  // by_code_ points into lsoas_'s strings, which a move keeps
  Placer(const Placer&) = delete;
  Placer& operator=(const Placer&) = delete;

  struct Place {
    std::int32_t lsoa = -1;  // index into lsoas()
    Placement placement = Placement::kNearest;
  };
  // In the LSOA whose boundary holds the point; where no loaded boundary does, the
  // LSOA (of those without a loaded boundary) with the nearest centre, uncertain.
  // Nullopt further than kMaxNearestM from any centre.
  std::optional<Place> place(double lat, double lon) const;
  // The index of an LSOA by its code.
  std::optional<std::int32_t> find(std::string_view code) const;
  // The LSOA with the nearest centre, by grid: only those without a loaded boundary
  // when `unbounded_only`. -1 if none within kMaxNearestM.
  std::int32_t nearest(double lat, double lon, bool unbounded_only) const;
  const std::vector<LsoaCentre>& lsoas() const { return lsoas_; }
  std::size_t boundary_count() const { return shapes_.size(); }

 private:
  struct Grid {  // cells of `step` degrees over a box, each a range of `items`
    double min_lat = 0, min_lon = 0, step = 1;
    int rows = 0, cols = 0;
    std::vector<std::uint32_t> start;  // rows * cols + 1 offsets into items
    std::vector<std::int32_t> items;
    int row(double lat) const;
    int col(double lon) const;
  };
  std::vector<LsoaCentre> lsoas_;
  std::vector<bool> bounded_;  // by LSOA index: a boundary is loaded
  std::unordered_map<std::string_view, std::int32_t> by_code_;
  std::vector<std::pair<std::int32_t, LsoaShape>> shapes_;  // LSOA index, shape
  std::vector<geo::BBox> boxes_;
  Grid centres_;
  Grid boundaries_;
};

// One postcode placed, kept small: all England's 1.5 million are held while loading.
struct Postcode {
  std::array<char, 8> key{};  // normalised, NUL-padded: "S11AA"
  double lat = 0;
  double lon = 0;
  std::int32_t lsoa = -1;  // index into PostcodeSet::lsoas
  Placement placement = Placement::kNearest;
  std::string_view postcode() const;
  static std::array<char, 8> make_key(std::string_view normalised);
};

struct PostcodeSet {
  std::vector<LsoaCentre> lsoas;  // what Postcode::lsoa indexes
  std::vector<Postcode> rows;
};

// What reading a postcode file found.
struct PostcodeReport {
  std::string format;
  std::int64_t read = 0;  // data rows
  std::int64_t taken = 0;
  std::map<std::string, std::int64_t> skipped;  // reason -> rows
  std::vector<std::string> examples;            // the first few skipped rows, with line numbers
  std::int64_t certain = 0;                     // in a boundary, or named by the file
  std::int64_t uncertain = 0;                   // by nearest LSOA centre
  std::int64_t skipped_total() const;
  // Lines for a person: counts, then each reason.
  std::vector<std::string> summary() const;
};

}  // namespace kith::areas
