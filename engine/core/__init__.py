"""The autograd core: Tensor, the backward pass and the ops; NumPy only (no words, JSON or
files)."""
