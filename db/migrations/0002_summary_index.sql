-- Covering index for the yearly summary: one pass over a year's criterion results
-- finds each commune's latest status per criterion without touching the table.
CREATE INDEX criterion_results_year_commune
    ON criterion_results(year, commune_id, criterion_id, pend, official, computed);
