-- Each procedure's sums per province too (agency '*PP' with the procedure's code, beside '*PP' with
-- '*'): a ministry's view across the nation reads 34 provinces' rows of its procedures instead of
-- every agency's. Filled here from the agencies' rows; the fold and the check keep them from now on.
INSERT INTO indicator_cell (procedure_code, month, agency_code, measure, changed_month, n)
SELECT c.procedure_code, c.month, '*' || p.province, c.measure, c.changed_month, sum(c.n)
FROM indicator_cell c JOIN agency_province p ON p.code = c.agency_code
WHERE c.procedure_code <> '*'
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO indicator_open (procedure_code, agency_code, measure, due_day, n)
SELECT o.procedure_code, '*' || p.province, o.measure, o.due_day, sum(o.n)
FROM indicator_open o JOIN agency_province p ON p.code = o.agency_code
WHERE o.procedure_code <> '*'
GROUP BY 1, 2, 3, 4;

INSERT INTO indicator_open_change (day, procedure_code, agency_code, measure, due_day, n)
SELECT o.day, o.procedure_code, '*' || p.province, o.measure, o.due_day, sum(o.n)
FROM indicator_open_change o JOIN agency_province p ON p.code = o.agency_code
WHERE o.procedure_code <> '*'
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO indicator_month_end (procedure_code, month, agency_code, in_progress_on_time, in_progress_late, paused)
SELECT e.procedure_code, e.month, '*' || p.province, sum(e.in_progress_on_time), sum(e.in_progress_late), sum(e.paused)
FROM indicator_month_end e JOIN agency_province p ON p.code = e.agency_code
WHERE e.procedure_code <> '*'
GROUP BY 1, 2, 3;
