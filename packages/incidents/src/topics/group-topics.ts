import { topicStems } from "../classification/features.js";

/** A group of comments about one topic. */
export interface TopicGroup {
  /** The stems that define the topic, most frequent first. */
  stems: string[];
  count: number;
  /** Ids of all the comments in the group. */
  itemIds: string[];
  /** Up to `examples` texts, in input order. */
  examples: string[];
}

/** Options of topic grouping. */
export interface TopicOptions {
  /** Least Jaccard similarity between a comment and a group's topic stems. Default 0.2. */
  threshold?: number;
  /** How many groups to return. Default 10. */
  top?: number;
  /** Smallest group worth showing. Default 2. */
  minimumCount?: number;
  /** Examples per group. Default 3. */
  examples?: number;
}

interface Cluster {
  counts: Map<string, number>;
  items: { id: string; text: string }[];
}

const TOPIC_SIZE = 4;

function topicOf(cluster: Cluster, documentFrequency: ReadonlyMap<string, number>, total: number): string[] {
  // Weigh stems by how often they occur in the group and how rare they are overall (tf-idf).
  return [...cluster.counts.entries()]
    .map(([stem, count]) => ({
      stem,
      weight: count * Math.log(1 + total / (documentFrequency.get(stem) ?? 1)),
    }))
    .sort((left, right) => right.weight - left.weight || left.stem.localeCompare(right.stem))
    .slice(0, TOPIC_SIZE)
    .map((entry) => entry.stem);
}

/**
 * Groups a period's comments by topic from their word stems: each comment joins the group whose topic
 * stems it shares most (Jaccard ≥ threshold) or starts a new one. Returns the largest groups with
 * counts and examples — the frequent questions to answer once, publicly. Deterministic for a given input.
 */
export function groupFrequentQuestions(
  items: readonly { id: string; text: string }[],
  options: TopicOptions = {},
): TopicGroup[] {
  const threshold = options.threshold ?? 0.2;
  const documents = items.map((item) => ({ item, stems: [...new Set(topicStems(item.text))] }));
  const documentFrequency = new Map<string, number>();
  for (const document of documents)
    for (const stem of document.stems) documentFrequency.set(stem, (documentFrequency.get(stem) ?? 0) + 1);
  // Stems seen once say nothing shared; they neither join nor define groups.
  const shared = (stems: string[]): string[] =>
    stems.filter((stem) => (documentFrequency.get(stem) ?? 0) > 1);
  const clusters: Cluster[] = [];
  for (const document of documents) {
    const stems = shared(document.stems);
    if (stems.length === 0) continue;
    let best: { cluster: Cluster; similarity: number } | null = null;
    for (const cluster of clusters) {
      const topic = topicOf(cluster, documentFrequency, documents.length);
      const overlap = stems.filter((stem) => topic.includes(stem)).length;
      const similarity = overlap / (new Set([...topic, ...stems]).size || 1);
      if (overlap > 0 && similarity >= threshold && (best === null || similarity > best.similarity))
        best = { cluster, similarity };
    }
    const cluster = best?.cluster ?? { counts: new Map<string, number>(), items: [] };
    if (best === null) clusters.push(cluster);
    cluster.items.push(document.item);
    for (const stem of stems) cluster.counts.set(stem, (cluster.counts.get(stem) ?? 0) + 1);
  }
  return clusters
    .filter((cluster) => cluster.items.length >= (options.minimumCount ?? 2))
    .sort((left, right) => right.items.length - left.items.length)
    .slice(0, options.top ?? 10)
    .map((cluster) => ({
      stems: topicOf(cluster, documentFrequency, documents.length),
      count: cluster.items.length,
      itemIds: cluster.items.map((item) => item.id),
      examples: cluster.items.slice(0, options.examples ?? 3).map((item) => item.text),
    }));
}
