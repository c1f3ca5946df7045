"""The worker runner: a process pool with hard deadlines, the jobs it runs and the result cache."""
