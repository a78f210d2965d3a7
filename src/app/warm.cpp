#include "app/warm.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "store/settings.h"
#include "web/boundary.h"
#include "web/http.h"

namespace kith::app {

std::vector<std::string> warm_paths(store::Db& db) {
  std::vector<std::string> paths = {"/", "/areas/authorities", "/areas/authorities?year=2019", "/directory"};
  for (const auto& code : store::get_setting(db, "place.authorities", nlohmann::json::array())) {
    if (!code.is_string()) continue;
    std::string a = code.get<std::string>();
    for (const char* tail : {"", "/deprivation", "/resilience"}) paths.push_back("/areas/" + a + tail);
    paths.push_back("/directory/gaps?authority=" + a);
    if (auto lsoa =
            db.query_one("SELECT code FROM areas WHERE kind = 'lsoa' AND authority_code = ? ORDER BY code", {a}))
      paths.push_back("/areas/" + lsoa->text(0));
  }
  return paths;
}

int warm_up(web::Server& server, const std::vector<std::string>& paths) {
  auto started = std::chrono::steady_clock::now();
  int ok = 0;
  for (const auto& target : paths) {
    web::Request req;
    req.method = "GET";
    req.ip = "127.0.0.1";
    req.headers["accept"] = "text/html";
    web::parse_target(target, req.path, req.query);
    try {
      web::Response res = server.handle(req);
      if (res.status == 200)
        ++ok;
      else
        spdlog::warn("warm-up: {} answered {}", target, res.status);
    } catch (const std::exception& e) {  // handle never throws; a warm-up never stops a start
      spdlog::warn("warm-up: {} failed: {}", target, e.what());
    }
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("warm-up: {} of {} pages ready in {} ms", ok, paths.size(), ms);
  return ok;
}

}  // namespace kith::app
