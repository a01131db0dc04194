"""Expected values for WeightsFromDataTests, computed with numpy (not with the code under test).

Twelve units, three criteria (one identity-scaled indicator each), an outcome. Least squares of
the outcome on the standardised criteria (population sd) with an intercept: coefficients from
numpy.linalg.lstsq, classical standard errors sqrt(s^2 diag((X'X)^-1)), s^2 = RSS/(n - k - 1).
Principal component: numpy.linalg.eigh of the correlation matrix. Run: python3 weights_fit.py
"""
import numpy as np

a = [2.0, 7.5, 3.1, 9.0, 4.4, 6.2, 1.3, 8.8, 5.5, 0.7, 6.9, 3.8]
b = [5.1, 2.2, 8.4, 1.0, 6.6, 3.3, 9.1, 2.7, 4.0, 7.7, 1.9, 5.8]
c = [3.3, 3.9, 2.8, 6.1, 5.0, 4.2, 1.1, 7.3, 2.2, 3.6, 8.0, 4.9]
y = [0.61, 0.22, 0.70, 0.05, 0.41, 0.35, 0.88, 0.09, 0.47, 0.80, 0.15, 0.52]

X = np.column_stack([a, b, c])
mean, sd = X.mean(axis=0), X.std(axis=0)  # population sd, as the engine standardises
Z = (X - mean) / sd
D = np.column_stack([np.ones(len(y)), Z])
beta, *_ = np.linalg.lstsq(D, np.array(y), rcond=None)
resid = np.array(y) - D @ beta
n, k = D.shape
s2 = resid @ resid / (n - k)
se = np.sqrt(s2 * np.diag(np.linalg.inv(D.T @ D)))
r2 = 1 - resid @ resid / ((np.array(y) - np.mean(y)) @ (np.array(y) - np.mean(y)))
# higher_is = "better": weights are minus the slopes per unit of each criterion, scaled to sum 1.
raw = -beta[1:] / sd
w = np.where(raw > 0, raw, 0) / raw[raw > 0].sum()
print("beta", repr(list(beta)))
print("se", repr(list(se)))
print("r2", repr(r2))
print("weights", repr(list(w)))

vals, vecs = np.linalg.eigh(np.corrcoef(X.T))
v = vecs[:, np.argmax(vals)]
print("pc_weights", repr(list(v * v)))
print("pc_share", repr(vals.max() / vals.sum()))

# The refused fit of WeightsFromDataTests: y = A + C + 0.1 B + e, every slope positive.
e = [0.3, -0.2, 0.1, -0.4, 0.25, -0.1, 0.05, 0.2, -0.3, 0.15, -0.05, 0.1]
y2 = X[:, 0] + X[:, 2] + 0.1 * X[:, 1] + np.array(e)
beta2, *_ = np.linalg.lstsq(D, y2, rcond=None)
r2v = y2 - D @ beta2
se2 = np.sqrt(r2v @ r2v / (n - k) * np.diag(np.linalg.inv(D.T @ D)))
print("refused", ["%+.4g ± %.4g" % (beta2[i], se2[i]) for i in range(1, 4)])
