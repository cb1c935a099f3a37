-- Creates a missing index exactly as the manifest defines it.
:definition;
