-- A hub may be what a funded small-grant project delivers (issue 18): its volunteers'
-- confirmed hours then count as the project's sweat equity, shown on the project's
-- page and offered in its end-of-grant report. Officers and admins choose it.
ALTER TABLE hubs ADD COLUMN grant_project_id BIGINT REFERENCES grant_applications (id);
