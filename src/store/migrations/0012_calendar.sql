-- The working calendar. Rules give each year's public holidays (src/domain/calendar/holidays.ts);
-- an administrator confirms the year's table once the Prime Minister has fixed Tết, National Day
-- and any swapped Saturdays. Each confirmation is a new revision; due dates record the revision
-- that produced them ("2026:r2"), so a deadline can always be explained later.
CREATE TABLE calendar_year (
  year          integer NOT NULL CHECK (year BETWEEN 1990 AND 2200),
  revision      integer NOT NULL CHECK (revision >= 1),
  days_off      jsonb NOT NULL,      -- [{ date, name }] weekdays not worked
  working_days  jsonb NOT NULL,      -- [{ date, name }] weekend days worked instead
  note          text,
  confirmed_at  timestamptz NOT NULL,
  confirmed_by  uuid REFERENCES account (id),
  PRIMARY KEY (year, revision)
);

-- Office hours of an agency when they differ from 07:00–11:30, 13:30–17:00.
CREATE TABLE agency_office_hours (
  agency_code  text PRIMARY KEY REFERENCES agency (code),
  segments     jsonb NOT NULL,       -- [[startMinute, endMinute], …] of the day
  updated_at   timestamptz NOT NULL,
  updated_by   uuid REFERENCES account (id)
);
