from tests.jointletters.test_signon import letter_page  # noqa: F401 - the joint letter tests' campaign
