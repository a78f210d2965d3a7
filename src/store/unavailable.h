#pragma once
// The database cannot be reached just now (PostgreSQL restarting, failing over, or
// refusing connections): the server answers 503 with Retry-After, not 500, and the
// request may be sent again, as nothing it asked for was committed.
#include "store/db.h"

namespace kith::store {

class DbUnavailable : public DbError {
 public:
  using DbError::DbError;
};

}  // namespace kith::store
