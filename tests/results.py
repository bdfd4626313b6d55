"""The tally the check scripts share: one "ok   WHAT" or "FAIL WHAT: reason" line per check,
then "N passed, M failed" alone on a line."""


class Results:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, what, fn, *args):
        """Runs FN(*ARGS): None or an empty list passes; a string, a list of problems
        (the first three are shown) or an exception fails."""
        try:
            problem = fn(*args)
        except Exception as e:  # a check that crashes has failed
            problem = f"{type(e).__name__}: {e}"
        if isinstance(problem, list):
            problem = "; ".join(str(p) for p in problem[:3]) if problem else None
        if problem:
            self.failed += 1
            print(f"FAIL {what}: {problem}")
        else:
            self.passed += 1
            print(f"ok   {what}")

    def summary(self):
        """Prints the closing line; returns the exit status."""
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0
