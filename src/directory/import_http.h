#pragma once
#include "web/server.h"

namespace kith::directory {

// /directory/import: the upload page, its dry run and confirmation, and saved feeds.
void install_import_routes(web::Server& server);

}  // namespace kith::directory
