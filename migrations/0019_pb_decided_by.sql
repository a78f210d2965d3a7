-- Which of the two counts decides what a budget funds: the Method of Equal Shares
-- (the default: groups get a fair share) or most votes first. Both are always shown.
ALTER TABLE pb_processes ADD COLUMN decided_by TEXT NOT NULL DEFAULT 'equal_shares'
  CHECK (decided_by IN ('equal_shares', 'greedy'));
