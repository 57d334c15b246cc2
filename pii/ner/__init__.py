"""The project's statistical person-name detector (CRF, German and English).

``corpus`` reads labelled NER corpora, ``features`` turns tokens into CRF features,
``model`` loads the shipped weights and finds names, ``training`` rebuilds the weights.
"""
