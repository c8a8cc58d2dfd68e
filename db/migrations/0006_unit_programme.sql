-- Which units are in the commune-level programme (issue 16 part 6, CONTRACT §5): by default the
-- units of kind 'xã'; a user puts a phường or thị trấn in (1) or takes a xã out (0). NULL: by kind.
-- Read by the summary's count (ntm_desktop/summary.py), written by ntm_desktop/units/state.py.
ALTER TABLE units ADD COLUMN programme INTEGER CHECK (programme IN (0, 1));
