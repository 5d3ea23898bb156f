/** Bytes in a GB as AWS bills it (2^30). */
export const GB = 2 ** 30;
/** Bytes in a TB as Athena bills it (2^40). */
export const TB = 2 ** 40;
/** Bytes in a MB (2^20). */
export const MB = 2 ** 20;
/** Bytes in a KB (2^10). */
export const KB = 2 ** 10;
/** Days in the billing month the model uses: 730 hours, as the AWS Pricing Calculator does. */
export const DAYS_PER_MONTH = 730 / 24;
