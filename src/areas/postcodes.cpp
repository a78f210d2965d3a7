#include "areas/postcodes.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "areas/areas.h"
#include "core/text.h"

namespace kith::areas {

namespace {

constexpr double kDeg = M_PI / 180.0;
constexpr double kMetresPerDegree = 111195.0;  // of latitude, on a sphere of radius 6,371 km

std::optional<double> number(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string lower_trim(std::string_view s) {
  std::string out = to_lower(trim(std::string(s)));
  if (out.size() >= 3 && static_cast<unsigned char>(out[0]) == 0xEF && static_cast<unsigned char>(out[1]) == 0xBB &&
      static_cast<unsigned char>(out[2]) == 0xBF)
    out.erase(0, 3);  // a byte order mark before the first column's name
  return out;
}

}  // namespace

LatLon bng_to_wgs84(double easting, double northing) {
  // Airy 1830 and the National Grid's projection (Ordnance Survey, "A guide to
  // coordinate systems in Great Britain", annexes C and B).
  const double a = 6377563.396, b = 6356256.909, f0 = 0.9996012717;
  const double lat0 = 49 * kDeg, lon0 = -2 * kDeg, n0 = -100000, e0 = 400000;
  const double e2 = 1 - (b * b) / (a * a), n = (a - b) / (a + b), n2 = n * n, n3 = n * n2;

  double lat = lat0, m = 0;
  do {
    lat = (northing - n0 - m) / (a * f0) + lat;
    double d = lat - lat0, s = lat + lat0;
    m = b * f0 *
        ((1 + n + 1.25 * n2 + 1.25 * n3) * d - (3 * n + 3 * n2 + 21.0 / 8 * n3) * std::sin(d) * std::cos(s) +
         (15.0 / 8 * n2 + 15.0 / 8 * n3) * std::sin(2 * d) * std::cos(2 * s) -
         35.0 / 24 * n3 * std::sin(3 * d) * std::cos(3 * s));
  } while (std::fabs(northing - n0 - m) >= 0.00001);

  double sin_lat = std::sin(lat), cos_lat = std::cos(lat), tan_lat = std::tan(lat);
  double nu = a * f0 / std::sqrt(1 - e2 * sin_lat * sin_lat);
  double rho = a * f0 * (1 - e2) / std::pow(1 - e2 * sin_lat * sin_lat, 1.5);
  double eta2 = nu / rho - 1;
  double t2 = tan_lat * tan_lat, t4 = t2 * t2, t6 = t4 * t2, sec = 1 / cos_lat;
  double vii = tan_lat / (2 * rho * nu);
  double viii = tan_lat / (24 * rho * std::pow(nu, 3)) * (5 + 3 * t2 + eta2 - 9 * t2 * eta2);
  double ix = tan_lat / (720 * rho * std::pow(nu, 5)) * (61 + 90 * t2 + 45 * t4);
  double x = sec / nu;
  double xi = sec / (6 * std::pow(nu, 3)) * (nu / rho + 2 * t2);
  double xii = sec / (120 * std::pow(nu, 5)) * (5 + 28 * t2 + 24 * t4);
  double xiia = sec / (5040 * std::pow(nu, 7)) * (61 + 662 * t2 + 1320 * t4 + 720 * t6);
  double de = easting - e0;
  double phi = lat - vii * std::pow(de, 2) + viii * std::pow(de, 4) - ix * std::pow(de, 6);
  double lambda = lon0 + x * de - xi * std::pow(de, 3) + xii * std::pow(de, 5) - xiia * std::pow(de, 7);

  // OSGB36 geodetic -> cartesian on Airy 1830.
  double sp = std::sin(phi), cp = std::cos(phi);
  double nu_a = a / std::sqrt(1 - e2 * sp * sp);
  double x1 = nu_a * cp * std::cos(lambda), y1 = nu_a * cp * std::sin(lambda), z1 = (1 - e2) * nu_a * sp;

  // Helmert, OSGB36 -> WGS84 (the inverse of the OS's published WGS84 -> OSGB36).
  const double tx = 446.448, ty = -125.157, tz = 542.060, s = -20.4894e-6;
  const double arcsec = kDeg / 3600;
  const double rx = 0.1502 * arcsec, ry = 0.2470 * arcsec, rz = 0.8421 * arcsec;
  double x2 = tx + (1 + s) * x1 - rz * y1 + ry * z1;
  double y2 = ty + rz * x1 + (1 + s) * y1 - rx * z1;
  double z2 = tz - ry * x1 + rx * y1 + (1 + s) * z1;

  // Cartesian -> geodetic on WGS84.
  const double wa = 6378137.0, wb = 6356752.314245, we2 = 1 - (wb * wb) / (wa * wa);
  double p = std::sqrt(x2 * x2 + y2 * y2);
  double out_lat = std::atan2(z2, p * (1 - we2));
  for (int i = 0; i < 10; ++i) {
    double sl = std::sin(out_lat);
    double nu_w = wa / std::sqrt(1 - we2 * sl * sl);
    double next = std::atan2(z2 + we2 * nu_w * sl, p);
    if (std::fabs(next - out_lat) < 1e-12) {
      out_lat = next;
      break;
    }
    out_lat = next;
  }
  return {out_lat / kDeg, std::atan2(y2, x2) / kDeg};
}

std::string format_name(PostcodeFormat f) {
  switch (f) {
    case PostcodeFormat::kCodePointCsv:
      return "Code-Point CSV (postcode, lat, lon)";
    case PostcodeFormat::kOnspd:
      return "ONS Postcode Directory";
    case PostcodeFormat::kCodePointOpen:
      return "OS Code-Point Open (eastings and northings)";
  }
  return "";
}

void split_csv_line(std::string_view line, std::vector<std::string_view>& fields) {
  fields.clear();
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::size_t i = 0;
  while (true) {
    if (i < line.size() && line[i] == '"') {
      std::size_t start = ++i;
      while (i < line.size() && !(line[i] == '"' && (i + 1 >= line.size() || line[i + 1] != '"')))
        i += line[i] == '"' ? 2 : 1;
      fields.push_back(line.substr(start, std::min(i, line.size()) - start));
      i = line.find(',', i);
    } else {
      std::size_t comma = line.find(',', i);
      fields.push_back(line.substr(std::min(i, line.size()), comma == std::string_view::npos ? line.npos : comma - i));
      i = comma;
    }
    if (i == std::string_view::npos) break;
    ++i;
  }
}

Result<PostcodeLayout> detect_postcode_format(std::string_view first_line) {
  std::vector<std::string_view> fields;
  split_csv_line(first_line, fields);
  std::map<std::string, int> names;
  for (std::size_t i = 0; i < fields.size(); ++i) names.emplace(lower_trim(fields[i]), static_cast<int>(i));
  auto col = [&](std::initializer_list<const char*> options) {
    for (const char* o : options)
      if (auto it = names.find(o); it != names.end()) return it->second;
    return -1;
  };
  auto missing = [](const std::string& what, const std::string& column) {
    return Error{
        "validation-failed",
        "This looks like " + what + " but it has no column \"" + column + "\" (the first line names the columns)",
        {}};
  };
  PostcodeLayout l;
  if (col({"pcds", "pcd"}) >= 0) {
    l.format = PostcodeFormat::kOnspd;
    l.postcode = col({"pcds", "pcd"});
    l.lat = col({"lat"});
    l.lon = col({"long"});
    l.lsoa = col({"lsoa21cd", "lsoa21"});
    l.terminated = col({"doterm"});
    if (l.lat < 0) return missing("the ONS Postcode Directory", "lat");
    if (l.lon < 0) return missing("the ONS Postcode Directory", "long");
    if (l.lsoa < 0) return missing("the ONS Postcode Directory", "lsoa21cd");
    if (l.terminated < 0) return missing("the ONS Postcode Directory", "doterm");
  } else if (col({"postcode"}) >= 0) {
    l.format = PostcodeFormat::kCodePointCsv;
    l.postcode = col({"postcode"});
    l.lat = col({"lat", "latitude"});
    l.lon = col({"lon", "longitude", "long"});
    l.easting = col({"easting", "eastings"});
    l.northing = col({"northing", "northings"});
    l.lsoa = col({"lsoa21cd", "lsoa21"});
    bool grid = l.easting >= 0 && l.northing >= 0;
    if (l.lat < 0 && !grid) return missing("a Code-Point CSV", "lat");
    if (l.lon < 0 && !grid) return missing("a Code-Point CSV", "lon");
  } else if (fields.size() >= 4 && normalise_postcode(std::string(fields[0])) && number(fields[2]) &&
             number(fields[3])) {
    l.format = PostcodeFormat::kCodePointOpen;
    l.header = false;
    l.postcode = 0;
    l.quality = 1;
    l.easting = 2;
    l.northing = 3;
    if (fields.size() >= 5) l.country = 4;
  } else {
    return Error{"validation-failed",
                 "Cannot tell what kind of postcode file this is. Its first line should be a header naming postcode, "
                 "lat and lon (a Code-Point CSV) or pcds, lat, long, lsoa21cd and doterm (the ONS Postcode "
                 "Directory), or an OS Code-Point Open row with no header (postcode, quality, eastings, northings, "
                 "...)",
                 {}};
  }
  for (int c : {l.postcode, l.lat, l.lon, l.easting, l.northing, l.quality, l.lsoa, l.terminated, l.country})
    l.columns = std::max(l.columns, static_cast<std::size_t>(c + 1));
  if (l.country >= 0) l.columns = static_cast<std::size_t>(l.northing) + 1;  // the country is optional
  return l;
}

std::optional<PostcodeRow> parse_postcode_row(const PostcodeLayout& l, const std::vector<std::string_view>& fields,
                                              std::string& skip) {
  skip.clear();
  if (fields.size() < l.columns) {
    skip = "too few columns";
    return std::nullopt;
  }
  auto pc = normalise_postcode(std::string(fields[static_cast<std::size_t>(l.postcode)]));
  if (!pc) {
    skip = "not a postcode";
    return std::nullopt;
  }
  PostcodeRow row{std::move(*pc), 0, 0, {}};
  auto field = [&](int i) {
    return i >= 0 && static_cast<std::size_t>(i) < fields.size() ? fields[static_cast<std::size_t>(i)]
                                                                 : std::string_view();
  };
  if (l.terminated >= 0 && !trim(std::string(field(l.terminated))).empty()) {
    skip = "terminated (doterm is set)";
    return std::nullopt;
  }
  if (l.country >= 0) {
    auto country = field(l.country);
    if (!country.empty() && country != "E92000001") {
      skip = "not in England (country " + std::string(country) + ")";
      return std::nullopt;
    }
  }
  if (l.quality >= 0 && field(l.quality) == "90") {
    skip = "no coordinates";
    return std::nullopt;
  }
  auto lat = number(field(l.lat)), lon = number(field(l.lon));
  if (!lat || !lon) {
    auto e = number(field(l.easting)), n = number(field(l.northing));
    if (e && n && (*e > 0 || *n > 0)) {
      auto ll = bng_to_wgs84(*e, *n);
      lat = ll.lat;
      lon = ll.lon;
    }
  }
  if (!lat || !lon) {
    skip = "no coordinates";
    return std::nullopt;
  }
  // Great Britain and its islands; the ONS writes 99.999999 where it has no point.
  if (*lat < 49 || *lat > 61 || *lon < -9 || *lon > 2.5) {
    skip = *lat > 99 ? "no coordinates" : "coordinates outside Great Britain";
    return std::nullopt;
  }
  row.lat = *lat;
  row.lon = *lon;
  if (l.lsoa >= 0) row.lsoa = field(l.lsoa);
  return row;
}

int Placer::Grid::row(double lat) const {
  return std::clamp(static_cast<int>(std::floor((lat - min_lat) / step)), 0, rows - 1);
}
int Placer::Grid::col(double lon) const {
  return std::clamp(static_cast<int>(std::floor((lon - min_lon) / step)), 0, cols - 1);
}

Placer::Placer(std::vector<LsoaCentre> lsoas, std::vector<LsoaShape> shapes) : lsoas_(std::move(lsoas)) {
  by_code_.reserve(lsoas_.size());
  for (std::size_t i = 0; i < lsoas_.size(); ++i) by_code_.emplace(lsoas_[i].code, static_cast<std::int32_t>(i));
  bounded_.assign(lsoas_.size(), false);
  for (auto& s : shapes) {
    auto i = find(s.code);
    if (!i || s.shape.empty()) continue;
    bounded_[static_cast<std::size_t>(*i)] = true;
    boxes_.push_back(geo::bbox(s.shape));
    shapes_.emplace_back(*i, std::move(s));
  }

  // A grid is a counting sort of items into cells: count, then offsets, then fill.
  auto build = [](Grid& g, double step, const geo::BBox& box, std::size_t n, auto&& cells_of) {
    g.step = step;
    g.min_lat = box.min_lat;
    g.min_lon = box.min_lon;
    g.rows = static_cast<int>((box.max_lat - box.min_lat) / step) + 1;
    g.cols = static_cast<int>((box.max_lon - box.min_lon) / step) + 1;
    g.start.assign(static_cast<std::size_t>(g.rows) * static_cast<std::size_t>(g.cols) + 1, 0);
    for (std::size_t i = 0; i < n; ++i) cells_of(i, [&](std::size_t cell) { ++g.start[cell + 1]; });
    for (std::size_t c = 1; c < g.start.size(); ++c) g.start[c] += g.start[c - 1];
    g.items.resize(g.start.back());
    std::vector<std::uint32_t> fill(g.start.begin(), g.start.end() - 1);
    for (std::size_t i = 0; i < n; ++i)
      cells_of(i, [&](std::size_t cell) { g.items[fill[cell]++] = static_cast<std::int32_t>(i); });
  };

  geo::BBox all;
  for (const auto& l : lsoas_) all.extend(geo::Point{l.lon, l.lat});
  if (!all.empty())
    build(centres_, 0.01, all, lsoas_.size(), [&](std::size_t i, auto&& add) {
      const auto& l = lsoas_[i];
      add(static_cast<std::size_t>(centres_.row(l.lat)) * static_cast<std::size_t>(centres_.cols) +
          static_cast<std::size_t>(centres_.col(l.lon)));
    });

  geo::BBox bounds;
  for (const auto& b : boxes_) bounds.extend(b);
  if (!bounds.empty())
    build(boundaries_, 0.01, bounds, boxes_.size(), [&](std::size_t i, auto&& add) {
      const auto& b = boxes_[i];
      for (int r = boundaries_.row(b.min_lat); r <= boundaries_.row(b.max_lat); ++r)
        for (int c = boundaries_.col(b.min_lon); c <= boundaries_.col(b.max_lon); ++c)
          add(static_cast<std::size_t>(r) * static_cast<std::size_t>(boundaries_.cols) + static_cast<std::size_t>(c));
    });
}

std::optional<std::int32_t> Placer::find(std::string_view code) const {
  auto it = by_code_.find(code);
  if (it == by_code_.end()) return std::nullopt;
  return it->second;
}

std::int32_t Placer::nearest(double lat, double lon, bool unbounded_only) const {
  if (centres_.rows == 0) return -1;
  const double kx = std::cos(lat * kDeg);
  const double cell_m = centres_.step * kMetresPerDegree * kx;  // the narrower side of a cell
  const int r0 = static_cast<int>(std::floor((lat - centres_.min_lat) / centres_.step));
  const int c0 = static_cast<int>(std::floor((lon - centres_.min_lon) / centres_.step));
  std::int32_t best = -1;
  double best_d2 = kMaxNearestM * kMaxNearestM;
  auto visit = [&](int r, int c) {
    if (r < 0 || c < 0 || r >= centres_.rows || c >= centres_.cols) return;
    std::size_t cell =
        static_cast<std::size_t>(r) * static_cast<std::size_t>(centres_.cols) + static_cast<std::size_t>(c);
    for (std::uint32_t k = centres_.start[cell]; k < centres_.start[cell + 1]; ++k) {
      std::int32_t i = centres_.items[k];
      if (unbounded_only && bounded_[static_cast<std::size_t>(i)]) continue;
      const auto& l = lsoas_[static_cast<std::size_t>(i)];
      double dy = (l.lat - lat) * kMetresPerDegree, dx = (l.lon - lon) * kMetresPerDegree * kx;
      double d2 = dx * dx + dy * dy;
      if (d2 < best_d2) {
        best_d2 = d2;
        best = i;
      }
    }
  };
  // Rings of cells outwards; anything in ring k+1 is at least k cells away.
  for (int k = 0;; ++k) {
    double reach = std::max(0, k - 1) * cell_m;
    if (reach * reach > best_d2) break;
    if (k > 0 && r0 - k < 0 && c0 - k < 0 && r0 + k >= centres_.rows && c0 + k >= centres_.cols) break;
    if (k == 0) {
      visit(r0, c0);
      continue;
    }
    for (int c = c0 - k; c <= c0 + k; ++c) {
      visit(r0 - k, c);
      visit(r0 + k, c);
    }
    for (int r = r0 - k + 1; r <= r0 + k - 1; ++r) {
      visit(r, c0 - k);
      visit(r, c0 + k);
    }
  }
  return best;
}

std::optional<Placer::Place> Placer::place(double lat, double lon) const {
  if (boundaries_.rows > 0 && lat >= boundaries_.min_lat && lon >= boundaries_.min_lon &&
      lat < boundaries_.min_lat + boundaries_.rows * boundaries_.step &&
      lon < boundaries_.min_lon + boundaries_.cols * boundaries_.step) {
    std::size_t cell = static_cast<std::size_t>(boundaries_.row(lat)) * static_cast<std::size_t>(boundaries_.cols) +
                       static_cast<std::size_t>(boundaries_.col(lon));
    geo::Point p{lon, lat};
    for (std::uint32_t k = boundaries_.start[cell]; k < boundaries_.start[cell + 1]; ++k) {
      auto i = static_cast<std::size_t>(boundaries_.items[k]);
      if (boxes_[i].contains(p) && geo::contains(shapes_[i].second.shape, p))
        return Place{shapes_[i].first, Placement::kBoundary};
    }
  }
  // Outside every loaded boundary, so (as far as Kith knows) in none of those LSOAs;
  // on a coast or an edge where every LSOA near has a boundary, any of them.
  std::int32_t i = nearest(lat, lon, true);
  if (i < 0) i = nearest(lat, lon, false);
  if (i < 0) return std::nullopt;
  return Place{i, Placement::kNearest};
}

std::string_view Postcode::postcode() const { return {key.data(), strnlen(key.data(), key.size())}; }

std::array<char, 8> Postcode::make_key(std::string_view normalised) {
  std::array<char, 8> k{};
  std::memcpy(k.data(), normalised.data(), std::min(normalised.size(), k.size()));
  return k;
}

std::int64_t PostcodeReport::skipped_total() const {
  std::int64_t n = 0;
  for (const auto& [reason, count] : skipped) n += count;
  return n;
}

std::vector<std::string> PostcodeReport::summary() const {
  std::vector<std::string> out;
  out.push_back("Read " + thousands(read) + " postcodes as " + format + ": " + thousands(taken) + " taken, " +
                thousands(skipped_total()) + " skipped.");
  out.push_back("Placed " + thousands(certain) + " certainly (in a boundary, or named by the file) and " +
                thousands(uncertain) + " uncertainly (no boundary loaded there: the LSOA with the nearest centre).");
  for (const auto& [reason, count] : skipped) out.push_back("  skipped " + thousands(count) + ": " + reason);
  for (const auto& e : examples) out.push_back("  for example, " + e);
  return out;
}

}  // namespace kith::areas
