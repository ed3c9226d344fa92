"""History only: the app where joint letters, petition signatures, delivery bundles and delivery
records began. Its migrations created their tables, which kept their names when the models
moved to petitions/, jointletters/ and handover/; it has no models or code of its own now.
"""
