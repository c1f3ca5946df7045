"""Learning: the optimizers, the trainer, the data sets and the race's surfaces."""
