-- The reporting cycle (issue 18 part 3; docs/cycle.md, CONTRACT §9): the state of a period
-- for a unit: 'open', 'submitted' or 'locked'. A lock on a district covers its communes, on
-- a province everything under it; a lock on a year covers its half-years, quarters and
-- months. An unlock is a newer version of the row, back to 'open', with its reason.
-- Written only by ntm_desktop/cycle/records.py. The rows travel in sync packages like
-- recognitions (0009): a uuid, a natural key built from the unit's nkey and the period
-- (period_state|<unit nkey>|<period>) and a clock stamp. ``state_by``, ``state_at`` and
-- ``state_hlc`` say who set the state, when, and the clock stamp it was set under: a value
-- stamped after a lock's ``state_hlc`` is kept as a conflict when its package arrives.
CREATE TABLE period_states (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    nkey TEXT NOT NULL UNIQUE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    period TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'submitted', 'locked')),
    reason TEXT,
    state_by TEXT,
    state_at TEXT NOT NULL,
    state_hlc TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    hlc TEXT NOT NULL
);
CREATE INDEX period_states_unit ON period_states(unit_id, period);
CREATE INDEX period_states_period ON period_states(period, state);
