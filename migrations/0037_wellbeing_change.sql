-- Each case's change in wellbeing, kept as measures are recorded: per instrument and
-- item, the score at the start (the earliest measure taken at the start) and the
-- latest (the last other measure not before it). SWEMWBS is compared on its metric
-- score (item 'total'). The commissioners' report counts these pairs instead of
-- pairing every measure of every case each time it is drawn (issue 17's 1 s at
-- 100,000 people). The statement filling it is the one coordination/report_store.cpp
-- keeps (kWellbeingPairs), run here once for the measures recorded before.
CREATE TABLE coord_wellbeing_change (
  case_id BIGINT NOT NULL REFERENCES coord_cases (id),
  instrument TEXT NOT NULL,
  item TEXT NOT NULL,
  start_score DOUBLE PRECISION NOT NULL,
  latest_score DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (case_id, instrument, item)
);
-- The report's GROUP BY over every team reads this index alone.
CREATE INDEX coord_wellbeing_change_tally ON coord_wellbeing_change (instrument, item, start_score, latest_score);

WITH m AS (
  SELECT w.id, w.case_id, w.instrument, w.occasion, w.taken_on FROM coord_wellbeing w
  WHERE (w.instrument <> 'SWEMWBS' OR w.total IS NOT NULL)
),
s AS (
  SELECT id, case_id, instrument, taken_on FROM (
    SELECT m.*, ROW_NUMBER() OVER (PARTITION BY case_id, instrument ORDER BY taken_on, id) AS rn
    FROM m WHERE occasion = 'start') f
  WHERE rn = 1
),
l AS (
  SELECT start_id, id FROM (
    SELECT s.id AS start_id, m.id,
           ROW_NUMBER() OVER (PARTITION BY m.case_id, m.instrument ORDER BY m.taken_on DESC, m.id DESC) AS rn
    FROM m JOIN s ON s.case_id = m.case_id AND s.instrument = m.instrument
    WHERE m.occasion <> 'start' AND (m.taken_on > s.taken_on OR (m.taken_on = s.taken_on AND m.id > s.id))) g
  WHERE rn = 1
)
INSERT INTO coord_wellbeing_change (case_id, instrument, item, start_score, latest_score)
SELECT w.case_id, w.instrument, a.item, a.score, b.score FROM l
  JOIN coord_wellbeing w ON w.id = l.start_id
  JOIN coord_wellbeing_items a ON a.measure_id = l.start_id
  JOIN coord_wellbeing_items b ON b.measure_id = l.id AND b.item = a.item
  WHERE w.instrument <> 'SWEMWBS'
UNION ALL
SELECT w.case_id, w.instrument, 'total', w.total, x.total FROM l
  JOIN coord_wellbeing w ON w.id = l.start_id
  JOIN coord_wellbeing x ON x.id = l.id
  WHERE w.instrument = 'SWEMWBS';
