/**
 * The plan: the closed set of changes apply will make, each with the reason it is needed, and
 * its text and JSON renderings. The plan is the only thing apply reads; the reason is kept for
 * display and never used to decide.
 */
package dev.spotplay.plan;
