import { topicStems } from "../classification/features.js";
import { normalizeText } from "../text/normalize.js";

/** An incident as duplicate detection sees it. */
export interface DuplicateCandidate {
  id: string;
  text: string;
  createdAt: Date;
  /** The author on the source network (`vk:123`), when known. */
  authorKey?: string | null;
  location?: { lat: number; lon: number } | null;
  /** Normalised street (register name) and house, when parsed. */
  address?: { street?: string; house?: string } | null;
}

/** A suggestion that two incidents are one problem; the operator merges or dismisses it. */
export interface DuplicateSuggestion {
  candidateId: string;
  /** 0–1: how sure the rule is. */
  score: number;
  reason: "same-author-same-text" | "similar-text-nearby";
  textSimilarity: number;
  /** Metres between the points, when both have coordinates. */
  distanceMetres: number | null;
}

/** Thresholds of duplicate detection. */
export interface DuplicateOptions {
  /** How far apart in time two reports may be. Default 7 days. */
  windowMilliseconds?: number;
  /** How far apart two points may be to count as one place. Default 150 m. */
  radiusMetres?: number;
  /** Least stem Jaccard similarity for similar texts near one place. Default 0.3. */
  similarTextThreshold?: number;
  /** Least similarity for the same author's near-identical texts. Default 0.8. */
  sameAuthorThreshold?: number;
}

/** Jaccard similarity of two texts' topic stems (0 when both have none). */
export function stemJaccard(left: string, right: string): number {
  const a = new Set(topicStems(left));
  const b = new Set(topicStems(right));
  let shared = 0;
  for (const stem of a) if (b.has(stem)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Great-circle distance in metres (haversine). */
export function distanceMetres(from: { lat: number; lon: number }, to: { lat: number; lon: number }): number {
  const radians = (degrees: number): number => (degrees * Math.PI) / 180;
  const deltaLat = radians(to.lat - from.lat);
  const deltaLon = radians(to.lon - from.lon);
  const h =
    Math.sin(deltaLat / 2) ** 2 +
    Math.cos(radians(from.lat)) * Math.cos(radians(to.lat)) * Math.sin(deltaLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function sameHouse(left: DuplicateCandidate["address"], right: DuplicateCandidate["address"]): boolean {
  if (!left?.street || !left.house || !right?.street || !right.house) return false;
  return (
    left.street.toLowerCase() === right.street.toLowerCase() &&
    left.house.toLowerCase() === right.house.toLowerCase()
  );
}

/**
 * Suggests which earlier incidents a new one repeats: the same author with a near-identical text, or a
 * similar text at the same place (within `radiusMetres`, or the same street and house) within the time
 * window. Best first. Pure: the service passes the candidates it read.
 */
export function findDuplicates(
  incident: DuplicateCandidate,
  candidates: readonly DuplicateCandidate[],
  options: DuplicateOptions = {},
): DuplicateSuggestion[] {
  const window = options.windowMilliseconds ?? 7 * 24 * 60 * 60 * 1000;
  const radius = options.radiusMetres ?? 150;
  const similarThreshold = options.similarTextThreshold ?? 0.3;
  const sameAuthorThreshold = options.sameAuthorThreshold ?? 0.8;
  const text = normalizeText(incident.text).normalized;
  const suggestions: DuplicateSuggestion[] = [];
  for (const candidate of candidates) {
    if (candidate.id === incident.id) continue;
    if (Math.abs(candidate.createdAt.getTime() - incident.createdAt.getTime()) > window) continue;
    const identical = normalizeText(candidate.text).normalized === text;
    const similarity = identical ? 1 : stemJaccard(incident.text, candidate.text);
    const distance =
      incident.location && candidate.location ? distanceMetres(incident.location, candidate.location) : null;
    if (
      incident.authorKey &&
      incident.authorKey === candidate.authorKey &&
      similarity >= sameAuthorThreshold
    ) {
      suggestions.push({
        candidateId: candidate.id,
        score: similarity,
        reason: "same-author-same-text",
        textSimilarity: similarity,
        distanceMetres: distance,
      });
      continue;
    }
    const samePlace =
      (distance !== null && distance <= radius) || sameHouse(incident.address, candidate.address);
    if (samePlace && similarity >= similarThreshold) {
      const closeness = distance === null ? 1 : 1 - distance / (2 * radius);
      suggestions.push({
        candidateId: candidate.id,
        score: Math.min(1, similarity * 0.7 + closeness * 0.3),
        reason: "similar-text-nearby",
        textSimilarity: similarity,
        distanceMetres: distance,
      });
    }
  }
  return suggestions.sort((left, right) => right.score - left.score);
}
