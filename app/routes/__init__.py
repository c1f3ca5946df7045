"""The JSON API's routes: each validates its body and hands the work to the runner."""
