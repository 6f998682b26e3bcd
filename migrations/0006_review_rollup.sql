-- ecsdrill schema: the review log rolled up per study day, phase and topic, kept up to date by
-- triggers on every insert, update and delete of `reviews`, so `stats` and `report` read a
-- few thousand rows instead of scanning a log of a million. Only standing rows (undone = 0)
-- count. A property test checks the rollup always equals the same sums over the log.
CREATE TABLE review_rollup (
    study_day  TEXT NOT NULL,
    phase      INTEGER NOT NULL,
    topic      TEXT NOT NULL,
    reviews    INTEGER NOT NULL,  -- standing rows
    grade_sum  INTEGER NOT NULL,  -- their grades, for mean grades
    graded     INTEGER NOT NULL,  -- review grades: scheduled, the card was not new
    passed     INTEGER NOT NULL,  -- review grades >= 3
    failures   INTEGER NOT NULL,  -- scheduled grades < 3 (a card's first grade included)
    young      INTEGER NOT NULL,  -- change in young cards (interval < 21 days) this made
    mature     INTEGER NOT NULL,  -- change in mature cards (interval >= 21 days)
    PRIMARY KEY (study_day, phase, topic)
) WITHOUT ROWID;

INSERT INTO review_rollup
SELECT study_day, phase, topic, count(*), sum(grade),
    sum(scheduled = 1 AND old_due IS NOT NULL),
    sum(scheduled = 1 AND old_due IS NOT NULL AND grade >= 3),
    sum(scheduled = 1 AND grade < 3),
    sum(scheduled = 1) - sum(scheduled = 1 AND new_interval >= 21)
        - sum(scheduled = 1 AND old_due IS NOT NULL AND old_interval < 21),
    sum(scheduled = 1 AND new_interval >= 21)
        - sum(scheduled = 1 AND old_due IS NOT NULL AND old_interval >= 21)
FROM reviews WHERE undone = 0
GROUP BY study_day, phase, topic;

-- One row's share, added (sign 1) or taken back (sign -1).
CREATE TRIGGER review_rollup_insert AFTER INSERT ON reviews WHEN NEW.undone = 0 BEGIN
    INSERT INTO review_rollup VALUES (NEW.study_day, NEW.phase, NEW.topic, 1, NEW.grade,
        NEW.scheduled = 1 AND NEW.old_due IS NOT NULL,
        NEW.scheduled = 1 AND NEW.old_due IS NOT NULL AND NEW.grade >= 3,
        NEW.scheduled = 1 AND NEW.grade < 3,
        (NEW.scheduled = 1 AND NEW.new_interval < 21)
            - (NEW.scheduled = 1 AND NEW.old_due IS NOT NULL AND NEW.old_interval < 21),
        (NEW.scheduled = 1 AND NEW.new_interval >= 21)
            - (NEW.scheduled = 1 AND NEW.old_due IS NOT NULL AND NEW.old_interval >= 21))
    ON CONFLICT DO UPDATE SET reviews = reviews + excluded.reviews,
        grade_sum = grade_sum + excluded.grade_sum, graded = graded + excluded.graded,
        passed = passed + excluded.passed, failures = failures + excluded.failures,
        young = young + excluded.young, mature = mature + excluded.mature;
END;

CREATE TRIGGER review_rollup_delete AFTER DELETE ON reviews WHEN OLD.undone = 0 BEGIN
    UPDATE review_rollup SET reviews = reviews - 1, grade_sum = grade_sum - OLD.grade,
        graded = graded - (OLD.scheduled = 1 AND OLD.old_due IS NOT NULL),
        passed = passed - (OLD.scheduled = 1 AND OLD.old_due IS NOT NULL AND OLD.grade >= 3),
        failures = failures - (OLD.scheduled = 1 AND OLD.grade < 3),
        young = young - ((OLD.scheduled = 1 AND OLD.new_interval < 21)
            - (OLD.scheduled = 1 AND OLD.old_due IS NOT NULL AND OLD.old_interval < 21)),
        mature = mature - ((OLD.scheduled = 1 AND OLD.new_interval >= 21)
            - (OLD.scheduled = 1 AND OLD.old_due IS NOT NULL AND OLD.old_interval >= 21))
    WHERE study_day = OLD.study_day AND phase = OLD.phase AND topic = OLD.topic;
END;

-- An update is the old row taken back and the new one added; only the columns the rollup
-- reads fire it (not, say, a review id filled in later).
CREATE TRIGGER review_rollup_update_old AFTER UPDATE OF study_day, phase, topic, grade,
    scheduled, old_due, old_interval, new_interval, undone ON reviews WHEN OLD.undone = 0 BEGIN
    UPDATE review_rollup SET reviews = reviews - 1, grade_sum = grade_sum - OLD.grade,
        graded = graded - (OLD.scheduled = 1 AND OLD.old_due IS NOT NULL),
        passed = passed - (OLD.scheduled = 1 AND OLD.old_due IS NOT NULL AND OLD.grade >= 3),
        failures = failures - (OLD.scheduled = 1 AND OLD.grade < 3),
        young = young - ((OLD.scheduled = 1 AND OLD.new_interval < 21)
            - (OLD.scheduled = 1 AND OLD.old_due IS NOT NULL AND OLD.old_interval < 21)),
        mature = mature - ((OLD.scheduled = 1 AND OLD.new_interval >= 21)
            - (OLD.scheduled = 1 AND OLD.old_due IS NOT NULL AND OLD.old_interval >= 21))
    WHERE study_day = OLD.study_day AND phase = OLD.phase AND topic = OLD.topic;
END;

CREATE TRIGGER review_rollup_update_new AFTER UPDATE OF study_day, phase, topic, grade,
    scheduled, old_due, old_interval, new_interval, undone ON reviews WHEN NEW.undone = 0 BEGIN
    INSERT INTO review_rollup VALUES (NEW.study_day, NEW.phase, NEW.topic, 1, NEW.grade,
        NEW.scheduled = 1 AND NEW.old_due IS NOT NULL,
        NEW.scheduled = 1 AND NEW.old_due IS NOT NULL AND NEW.grade >= 3,
        NEW.scheduled = 1 AND NEW.grade < 3,
        (NEW.scheduled = 1 AND NEW.new_interval < 21)
            - (NEW.scheduled = 1 AND NEW.old_due IS NOT NULL AND NEW.old_interval < 21),
        (NEW.scheduled = 1 AND NEW.new_interval >= 21)
            - (NEW.scheduled = 1 AND NEW.old_due IS NOT NULL AND NEW.old_interval >= 21))
    ON CONFLICT DO UPDATE SET reviews = reviews + excluded.reviews,
        grade_sum = grade_sum + excluded.grade_sum, graded = graded + excluded.graded,
        passed = passed + excluded.passed, failures = failures + excluded.failures,
        young = young + excluded.young, mature = mature + excluded.mature;
END;
