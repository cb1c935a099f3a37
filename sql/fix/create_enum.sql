-- Creates a missing enum type with its labels in order.
CREATE TYPE :"type" AS ENUM (:'labels');
