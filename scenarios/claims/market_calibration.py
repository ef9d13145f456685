"""Prints how often a brand's customer buys it again within a year in the claims' consumer market,
for a range of outside-option weights: the check behind market.no_purchase_weight=20 in
setting.py (docs/parameters.md section 10, "The claims' consumer market").

usage: /usr/bin/python3 scenarios/claims/market_calibration.py
The choice model's own terms (docs/model.md step 7b), for one person who knows the brand and is
engaged with it (as a customer is), with trust 0 and the price of 100 USD: the engagement and
price terms cancel (beta_engaged 1, beta_price 0.01), so the brand is chosen at an occasion with
chance G / (W + G), G ~ Gamma(S / brands, 1) the person's taste (S = market.dirichlet_s = 1), W
the outside option's weight. Occasions: Poisson over a year at a rate ~ Gamma(K = 1) with mean
market.category_rate. The repeat rate is the share of a year's customers who buy again in the next
year, to compare with the published repeat-customer rate of 28% a year (21-36%, E59).
"""
import numpy as np

CATEGORY_RATE = 0.01  # market.category_rate in setting.py
YEAR = 365


def repeat_rate(weight, brands, people=400_000, seed=1):
    """Returns the chance that a customer of the brand in a year buys it again the next year."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(1.0, CATEGORY_RATE, people)  # occasions per person and day
    taste = rng.gamma(1.0 / brands, 1.0, people)
    buys = rate * taste / (weight + taste)  # purchases of the brand per day
    customer = 1.0 - np.exp(-buys * YEAR)
    return float((customer * customer).sum() / customer.sum())


if __name__ == "__main__":
    print("outside option weight   repeat rate, two brands   one brand")
    for weight in (5, 10, 20, 50):
        print(f"{weight:21d}   {repeat_rate(weight, 2):25.3f}   {repeat_rate(weight, 1):9.3f}")
