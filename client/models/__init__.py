"""Qt item models for the views; no widgets."""
