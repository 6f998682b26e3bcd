-- ecsdrill schema, version 2: indexes for the progress reports (stats, report, mastery).

-- `stats --phase N`: the weekly review count and mean grade of one phase.
CREATE INDEX reviews_phase_day ON reviews(phase, study_day);

-- Standing (not undone) reviews by day: total reviews and study days, the report's heatmap.
-- Covering, so neither query reads the table.
CREATE INDEX reviews_standing_day ON reviews(undone, study_day);
