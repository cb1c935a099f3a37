-- A migration tool's ledger: which migrations it says ran.
SELECT * FROM :"relation";
