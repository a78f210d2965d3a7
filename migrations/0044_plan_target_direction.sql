-- Which way an outcome's target lies from the baseline it was set against: 1 (up) or
-- -1 (down). A baseline taken again over new areas (plans.areas) may already be past
-- the target; the direction the officer meant is kept, so the page says "reached"
-- rather than reading the way back as progress.
ALTER TABLE plan_outcomes ADD COLUMN target_direction INTEGER;
UPDATE plan_outcomes SET target_direction = CASE WHEN target > baseline THEN 1 WHEN target < baseline THEN -1 END
  WHERE target IS NOT NULL AND baseline IS NOT NULL;
