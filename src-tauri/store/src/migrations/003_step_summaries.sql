-- Version 3: what each step of the history did (a StepSummary as JSON), so
-- undo can say what it undid and the history list can name every step.
-- Steps stored before this version have none.
ALTER TABLE history ADD COLUMN summary TEXT;
