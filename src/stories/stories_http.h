#pragma once
// The stories module's pages: the public site, telling and moderation
// (stories_http.cpp) and evaluation (evaluation_http.cpp).
#include "stories/stories.h"
#include "stories/story_store.h"
#include "web/server.h"

namespace kith::stories {

void install_routes(web::Server& server);
void install_evaluation_routes(web::Server& server);

// Shared by both: form choices, a link's page, and a story as the public may read
// it (the published text; the name only with consent; the photo only if published).
web::Json choices(const std::vector<Choice>& list, const std::string& chosen);
std::string link_href(const Link& l);
web::Json public_json(const Story& s);

}  // namespace kith::stories
