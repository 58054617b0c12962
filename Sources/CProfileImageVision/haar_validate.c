#include "haar_internal.h"

// Every index a cascade holds is in range, so evaluation needs no check per window.
int pik_haar_cascade_is_valid(const pik_haar_cascade *c) {
    if (c->window_width < 3 || c->window_height < 3 || c->window_width > 1000 || c->window_height > 1000 ||
        c->stage_count <= 0 || c->tree_total <= 0 || c->feature_total <= 0 || c->node_total < 0 ||
        c->leaf_total < 0) {
        return 0;
    }
    // Stages hold the trees in order, one after another, all of them: the detector places trees
    // by ranges of stages.
    int32_t next_tree = 0;
    for (int32_t s = 0; s < c->stage_count; s++) {
        const pik_haar_stage *stage = &c->stages[s];
        if (stage->first_tree != next_tree || stage->tree_count < 0 || stage->tree_count > c->tree_total - next_tree) {
            return 0;
        }
        next_tree += stage->tree_count;
    }
    if (next_tree != c->tree_total) return 0;
    for (int32_t t = 0; t < c->tree_total; t++) {
        const pik_haar_tree *tree = &c->trees[t];
        if (tree->node_count <= 0 || tree->first_node < 0 || tree->first_node > c->node_total - tree->node_count ||
            tree->first_leaf < 0 || tree->first_leaf > c->leaf_total - tree->node_count - 1) {
            return 0;
        }
        for (int32_t n = 0; n < tree->node_count; n++) {
            const pik_haar_node *node = &c->nodes[tree->first_node + n];
            if (node->feature < 0 || node->feature >= c->feature_total) return 0;
            // Children point forward only, so every walk ends.
            // Written so that no comparison can overflow, whatever the file says.
            if (node->left >= tree->node_count || node->right >= tree->node_count) return 0;
            if (node->left < -tree->node_count || node->right < -tree->node_count) return 0;
            if ((node->left > 0 && node->left <= n) || (node->right > 0 && node->right <= n)) return 0;
        }
    }
    for (int32_t f = 0; f < c->feature_total; f++) {
        const pik_haar_feature *feature = &c->features[f];
        if (feature->count < 1 || feature->count > 3) return 0;
        for (int32_t r = 0; r < feature->count; r++) {
            const pik_haar_rect *rect = &feature->rects[r];
            if (rect->x < 0 || rect->y < 0 || rect->width < 0 || rect->height < 0 || rect->x > c->window_width ||
                rect->y > c->window_height || rect->width > c->window_width - rect->x ||
                rect->height > c->window_height - rect->y) {
                return 0;
            }
        }
    }
    return 1;
}
